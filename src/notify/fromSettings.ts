import { checkEndpointUrl, NotifierConfigError } from './config.js';
import type { Notifier } from './notifier.js';
import { TeamsNotifier } from './teamsNotifier.js';
import { WebhookNotifier } from './webhookNotifier.js';

/** Every problem in the notifier settings at once, so one deploy fixes them all. */
export class NotifierSettingsError extends Error {
  constructor(readonly problems: NotifierConfigError[]) {
    super(`Notifier settings are not usable:\n${problems.map((p) => `- ${p.message}`).join('\n')}`);
    this.name = 'NotifierSettingsError';
  }
}

export type Env = Record<string, string | undefined>;

export interface NotifierOverrides {
  fetch?: typeof fetch;
}

/** A setting's value, or undefined when unset or blank (an app setting cleared in the portal is ""). */
function setting(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * The Teams and webhook notifiers from app settings: TEAMS_WEBHOOK_URL; WEBHOOK_URL, WEBHOOK_SECRET
 * (required with WEBHOOK_URL), WEBHOOK_SOURCE. An unset URL gives an unconfigured notifier, which the run
 * skips and reports. Throws NotifierSettingsError listing every bad setting; values are never echoed.
 */
export function notifiersFromEnv(env: Env = process.env, overrides: NotifierOverrides = {}): Notifier[] {
  const problems: NotifierConfigError[] = [];
  const attempt = <T>(build: () => T): T | undefined => {
    try {
      return build();
    } catch (error) {
      if (error instanceof NotifierConfigError) {
        problems.push(error);
        return undefined;
      }
      throw error;
    }
  };

  const teamsUrl = setting(env, 'TEAMS_WEBHOOK_URL');
  const webhookUrl = setting(env, 'WEBHOOK_URL');
  if (teamsUrl !== undefined) attempt(() => checkEndpointUrl('TEAMS_WEBHOOK_URL', teamsUrl));
  if (webhookUrl !== undefined) attempt(() => checkEndpointUrl('WEBHOOK_URL', webhookUrl));
  // Built even after a bad URL, so the secret and source are checked too; any problem throws below.
  const teams = attempt(() => new TeamsNotifier({ url: teamsUrl, fetch: overrides.fetch }));
  const webhook = attempt(
    () =>
      new WebhookNotifier({
        url: webhookUrl,
        secret: setting(env, 'WEBHOOK_SECRET'),
        source: setting(env, 'WEBHOOK_SOURCE'),
        fetch: overrides.fetch,
      }),
  );
  if (problems.length > 0 || !teams || !webhook) throw new NotifierSettingsError(problems);
  return [teams, webhook];
}

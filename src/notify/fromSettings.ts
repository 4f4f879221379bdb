import { LinkSettingsError, linkSettingsFrom, type LinkSettings } from '../findings/findingLinks.js';
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

const NOTIFIER_SETTINGS = ['TEAMS_WEBHOOK_URL', 'WEBHOOK_URL', 'WEBHOOK_SECRET', 'WEBHOOK_SOURCE'] as const;

/**
 * App Service leaves a Key Vault reference it could not resolve in place, as its literal text. Said
 * plainly here, with the command that fixes it, instead of "not a valid URL". The reference names only
 * the vault and the secret, never the value, so naming them is safe.
 */
function unresolvedKeyVaultReference(name: string, value: string): NotifierConfigError | undefined {
  if (!/^@Microsoft\.KeyVault\(/i.test(value)) return undefined;
  const part = (key: string) => new RegExp(`${key}=([A-Za-z0-9-]+)`, 'i').exec(value)?.[1];
  const [vault, secret] = [part('VaultName'), part('SecretName')];
  const fix =
    vault && secret
      ? `store the secret with \`az keyvault secret set --vault-name ${vault} --name ${secret} --value ...\``
      : 'store the secret it names';
  return new NotifierConfigError(
    name,
    `${name} is a Key Vault reference that App Service could not resolve: the secret does not exist yet, or the ` +
      `app's identity lacks Key Vault Secrets User on the vault. ${fix[0].toUpperCase()}${fix.slice(1)}, then restart the app ` +
      '(the portal shows the reference status under the app\'s Environment variables).',
  );
}

/**
 * The Teams and webhook notifiers from app settings: TEAMS_WEBHOOK_URL and the card's link settings
 * (findingLinks.ts); WEBHOOK_URL, WEBHOOK_SECRET (required with WEBHOOK_URL), WEBHOOK_SOURCE. An unset URL gives an unconfigured notifier, which the run
 * skips and reports. Throws NotifierSettingsError listing every bad setting; values are never echoed.
 */
export function notifiersFromEnv(env: Env = process.env, overrides: NotifierOverrides = {}): Notifier[] {
  // Until a reference resolves, the other checks would only report its literal text as a bad value.
  const unresolved = NOTIFIER_SETTINGS.flatMap((name) => {
    const value = setting(env, name);
    const problem = value === undefined ? undefined : unresolvedKeyVaultReference(name, value);
    return problem ? [problem] : [];
  });
  if (unresolved.length > 0) throw new NotifierSettingsError(unresolved);

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
  let links: LinkSettings = {};
  try {
    links = linkSettingsFrom(env);
  } catch (error) {
    if (!(error instanceof LinkSettingsError)) throw error;
    problems.push(...error.problems.map((p) => new NotifierConfigError(p.setting, p.message)));
  }
  // Built even after a bad URL, so the secret and source are checked too; any problem throws below.
  const teams = attempt(() => new TeamsNotifier({ url: teamsUrl, fetch: overrides.fetch, links }));
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

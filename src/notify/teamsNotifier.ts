import type { LinkSettings } from '../findings/findingLinks.js';
import type { Hunt } from '../hunts/hunt.js';
import { NO_DEADLINE, type Deadline } from '../util/deadline.js';
import type { Notice, NoticeResult, Notifier, Preview, SendOptions } from './notifier.js';
import { waitForSlot } from './pacer.js';
import { postWithRetry, retryPolicy, type RetryPolicy } from './post.js';
import { buildTeamsMessage, DEFAULT_MAX_FINDINGS_PER_CARD, DEFAULT_MAX_MESSAGE_BYTES } from './teamsCard.js';

export interface TeamsNotifierOptions {
  /** The Workflows (Power Automate) webhook URL. Its `sig=` query is a secret: it never appears in errors. */
  url?: string;
  maxFindingsPerCard?: number;
  fetch?: typeof fetch;
  /** Least time between two posts to this URL from this process (default 1000 ms); retries count too. */
  minIntervalMs?: number;
  /** Retries after the first attempt (default 4). */
  retries?: number;
  /** Backoff, Retry-After cap and timeouts; tests shrink them. */
  retryPolicy?: Partial<RetryPolicy>;
  maxMessageBytes?: number;
  /** What the card's links need (linkSettingsFrom). */
  links?: LinkSettings;
}

const JSON_CONTENT_TYPE = 'application/json';
const LABEL = 'Teams webhook';

/**
 * Posts one Adaptive Card per run of a hunt. Every notice of the call shares the card's outcome: the ones
 * counted in its "and M more" line were announced by that same post.
 */
export class TeamsNotifier implements Notifier {
  readonly channel = 'teams' as const;
  readonly configured: boolean;
  private readonly url: string | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly minIntervalMs: number;
  private readonly policy: RetryPolicy;
  private readonly maxFindings: number;
  private readonly maxBytes: number;
  private readonly links: LinkSettings;

  constructor(options: TeamsNotifierOptions = {}) {
    this.url = options.url || undefined;
    this.configured = this.url !== undefined;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.minIntervalMs = options.minIntervalMs ?? 1_000;
    this.policy = retryPolicy(options.retries, options.retryPolicy);
    this.maxFindings = options.maxFindingsPerCard ?? DEFAULT_MAX_FINDINGS_PER_CARD;
    this.maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.links = options.links ?? {};
  }

  preview(hunt: Hunt, notices: Notice[]): Preview[] {
    if (notices.length === 0) return [];
    const { message } = buildTeamsMessage(hunt, notices, { maxFindings: this.maxFindings, maxBytes: this.maxBytes, links: this.links });
    return [{ channel: this.channel, contentType: JSON_CONTENT_TYPE, headers: { 'content-type': JSON_CONTENT_TYPE }, body: message }];
  }

  /** One card for all `notices`; its outcome settles every one of them at once. */
  async send(hunt: Hunt, notices: Notice[], options: SendOptions = {}): Promise<NoticeResult[]> {
    const deadline = options.deadline ?? NO_DEADLINE;
    if (notices.length === 0 || deadline.signal.aborted) return [];
    const results = await this.post(hunt, notices, deadline);
    // Stopped at the deadline before the first attempt: nothing was tried, nothing to record.
    if (results.length) await options.onSettled?.(results);
    return results;
  }

  private async post(hunt: Hunt, notices: Notice[], deadline: Deadline): Promise<NoticeResult[]> {
    const url = this.url;
    if (url === undefined) return failAll(notices, `${LABEL} is not configured (set TEAMS_WEBHOOK_URL)`);
    try {
      const { message } = buildTeamsMessage(hunt, notices, { maxFindings: this.maxFindings, maxBytes: this.maxBytes, links: this.links });
      const body = JSON.stringify(message);
      const outcome = await postWithRetry({
        url,
        label: LABEL,
        fetch: this.fetchImpl,
        policy: this.policy,
        deadline,
        request: () => ({ headers: { 'content-type': JSON_CONTENT_TYPE }, body }),
        beforeAttempt: (signal) => waitForSlot(url, this.minIntervalMs, signal),
      });
      if (outcome.ok) return notices.map((n) => ({ findingId: n.finding.id, ok: true }));
      if (outcome.stopped && outcome.attempts === 0) return [];
      return failAll(notices, outcome.error, outcome.stopped);
    } catch (error) {
      // Only a bug gets here (the card builder and poster do not throw); the run still gets an answer.
      return failAll(notices, `${LABEL} notifier failed: ${(error as Error)?.name ?? 'error'}`);
    }
  }
}

function failAll(notices: Notice[], error: string, stopped?: boolean): NoticeResult[] {
  return notices.map((n) => ({ findingId: n.finding.id, ok: false, error, ...(stopped ? { stopped } : {}) }));
}

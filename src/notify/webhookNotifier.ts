import { CloudEvent } from 'cloudevents';
import { Webhook } from 'standardwebhooks';
import type { Hunt } from '../hunts/hunt.js';
import { NO_DEADLINE, type Deadline } from '../util/deadline.js';
import { safeForTerminal, truncate } from '../util/escape.js';
import { checkSigningSecret, NotifierConfigError } from './config.js';
import type { Notice, NoticeResult, Notifier, Preview, SendOptions } from './notifier.js';
import { postWithRetry, retryPolicy, type RetryPolicy } from './post.js';
import {
  DEFAULT_EVENT_SOURCE,
  FINDING_EVENT_TYPES,
  findingEvent,
  isSafeHeaderValue,
  serializeEvent,
  signatureHeaders,
} from './webhookEvent.js';

export interface WebhookNotifierOptions {
  url?: string;
  /** Standard Webhooks signing secret, `whsec_` + base64. Required whenever `url` is set. */
  secret?: string;
  /** CloudEvents `source` (default urn:scheduled-hunts). */
  source?: string;
  fetch?: typeof fetch;
  /** Retries after the first attempt (default 4). */
  retries?: number;
  /** Events in flight at once (default 4). */
  concurrency?: number;
  /** Backoff, Retry-After cap and timeouts; tests shrink them. */
  retryPolicy?: Partial<RetryPolicy>;
  /** Clock for webhook-timestamp; tests pin it. */
  now?: () => Date;
}

/** A preview also says why it is unsigned, when it is. */
export interface WebhookPreview extends Preview {
  note?: string;
}

const LABEL = 'webhook';

/**
 * One signed CloudEvent per notice. Unsigned sending is not allowed: a URL without a secret is a
 * configuration error thrown at construction (naming WEBHOOK_SECRET), not a channel quietly skipped,
 * because a receiver that cannot verify the sender must not open tickets from it.
 */
export class WebhookNotifier implements Notifier {
  readonly channel = 'webhook' as const;
  readonly configured: boolean;
  private readonly url: string | undefined;
  private readonly signer: Webhook | undefined;
  private readonly source: string;
  private readonly fetchImpl: typeof fetch;
  private readonly concurrency: number;
  private readonly policy: RetryPolicy;
  private readonly now: () => Date;

  constructor(options: WebhookNotifierOptions = {}) {
    this.url = options.url || undefined;
    const secret = options.secret || undefined;
    if (this.url !== undefined && secret === undefined) {
      throw new NotifierConfigError(
        'WEBHOOK_SECRET',
        'WEBHOOK_URL is set but WEBHOOK_SECRET is not: events are always signed. Set WEBHOOK_SECRET to the ' +
          'receiver\'s Standard Webhooks secret ("whsec_..."), or unset WEBHOOK_URL to turn the webhook off.',
      );
    }
    this.signer = secret === undefined ? undefined : new Webhook(checkSigningSecret('WEBHOOK_SECRET', secret));
    this.source = options.source || DEFAULT_EVENT_SOURCE;
    checkSource(this.source);
    this.configured = this.url !== undefined;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
    this.policy = retryPolicy(options.retries, options.retryPolicy);
    this.now = options.now ?? (() => new Date());
  }

  preview(hunt: Hunt, notices: Notice[]): WebhookPreview[] {
    return notices.map((notice) => {
      try {
        const { contentType, body } = this.serialize(hunt, notice);
        const signer = this.signer;
        const headers: Record<string, string> = signer
          ? { 'content-type': contentType, ...signatureHeaders(signer, notice.noticeId, body, this.now()) }
          : { 'content-type': contentType, 'webhook-id': notice.noticeId };
        const preview: WebhookPreview = { channel: this.channel, contentType, headers, body: JSON.parse(body) as unknown };
        if (!signer) preview.note = 'not signed: WEBHOOK_SECRET is not set (sending requires it)';
        return preview;
      } catch (error) {
        return { channel: this.channel, contentType: '', headers: {}, body: null, note: describe(error) };
      }
    });
  }

  /**
   * At most `concurrency` events in flight. Each result is handed to `onSettled` as it settles, and that
   * slot takes the next notice only once it is recorded. Results keep the notices' order.
   */
  async send(hunt: Hunt, notices: Notice[], options: SendOptions = {}): Promise<NoticeResult[]> {
    const url = this.url;
    const signer = this.signer;
    if (url === undefined || signer === undefined) {
      return notices.map((n) => ({ findingId: n.finding.id, ok: false, error: `${LABEL} is not configured (set WEBHOOK_URL)` }));
    }
    const deadline = options.deadline ?? NO_DEADLINE;
    const results = new Array<NoticeResult | undefined>(notices.length);
    let recordFailed: { error: unknown } | undefined;
    let next = 0;
    const worker = async () => {
      while (next < notices.length && !recordFailed && !deadline.signal.aborted) {
        const index = next++;
        const result = await this.sendOne(hunt, notices[index]!, url, signer, deadline);
        if (!result) continue;
        results[index] = result;
        try {
          await options.onSettled?.([result]);
        } catch (error) {
          recordFailed ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, notices.length) }, worker));
    if (recordFailed) throw recordFailed.error;
    return results.filter((r): r is NoticeResult => r !== undefined);
  }

  /** One event with its retries; undefined when the deadline came before its first attempt. */
  private async sendOne(hunt: Hunt, notice: Notice, url: string, signer: Webhook, deadline: Deadline): Promise<NoticeResult | undefined> {
    const findingId = notice.finding.id;
    try {
      const { contentType, body } = this.serialize(hunt, notice);
      const outcome = await postWithRetry({
        url,
        label: LABEL,
        fetch: this.fetchImpl,
        policy: this.policy,
        deadline,
        request: () => ({
          headers: { 'content-type': contentType, ...signatureHeaders(signer, notice.noticeId, body, this.now()) },
          body,
        }),
      });
      if (outcome.ok) return { findingId, ok: true };
      if (outcome.stopped) return outcome.attempts === 0 ? undefined : { findingId, ok: false, error: outcome.error, stopped: true };
      return { findingId, ok: false, error: outcome.error };
    } catch (error) {
      return { findingId, ok: false, error: describe(error) };
    }
  }

  private serialize(hunt: Hunt, notice: Notice) {
    if (!isSafeHeaderValue(notice.noticeId)) {
      throw new Error('notice id is not usable as webhook-id (1-255 printable ASCII characters, no spaces)');
    }
    return serializeEvent(findingEvent(hunt, notice, this.source));
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `${LABEL} event not built: ${truncate(safeForTerminal(message), 160)}`;
}

/** The CloudEvents library validates `source` (a URI-reference); a probe event turns its verdict into a config error. */
function checkSource(source: string): void {
  try {
    new CloudEvent({ id: 'probe', type: FINDING_EVENT_TYPES.new, source });
  } catch {
    throw new NotifierConfigError(
      'WEBHOOK_SOURCE',
      `WEBHOOK_SOURCE is not a valid CloudEvents source; set it to a URI such as "${DEFAULT_EVENT_SOURCE}" or "https://hunts.example.org".`,
    );
  }
}

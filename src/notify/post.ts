import pRetry from 'p-retry';
import { safeForTerminal, truncate } from '../util/escape.js';

/**
 * One HTTP POST with retries, shared by the notifiers. Retries network errors, timeouts, 408, 429 and 5xx
 * with exponential backoff (p-retry), waiting at least as long as a Retry-After asks (capped). Never
 * throws; the outcome's error is short and never contains the URL, whose query can hold a signature.
 */

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  minBackoffMs: number;
  maxBackoffMs: number;
  /** A Retry-After longer than this is waited only this long, so one slow endpoint cannot stall a run. */
  maxRetryAfterMs: number;
  /** Each attempt's own limit. */
  timeoutMs: number;
  /** All attempts and waits together. */
  maxTotalMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 4,
  minBackoffMs: 1_000,
  maxBackoffMs: 30_000,
  maxRetryAfterMs: 60_000,
  timeoutMs: 30_000,
  maxTotalMs: 180_000,
};

const BACKOFF_FACTOR = 2;

/** The default policy with a notifier's `retries` option and test overrides applied. */
export function retryPolicy(retries: number | undefined, overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return { ...DEFAULT_RETRY_POLICY, ...overrides, ...(retries !== undefined ? { retries } : {}) };
}

export interface PostRequest {
  headers: Record<string, string>;
  body: string;
}

export interface PostOptions {
  url: string;
  /** Names the endpoint in errors ("Teams webhook"); never the URL. */
  label: string;
  fetch: typeof fetch;
  policy: RetryPolicy;
  /** Built for every attempt, so a signature can carry a fresh timestamp. */
  request: (attempt: number) => PostRequest;
  /** Awaited before every attempt: pacing. */
  beforeAttempt?: () => Promise<void>;
}

export type PostOutcome =
  | { ok: true; status: number; attempts: number }
  | { ok: false; error: string; attempts: number; status?: number };

class AttemptFailed extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'AttemptFailed';
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/** Milliseconds a Retry-After header asks for: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Server-supplied text, made safe and short for a stored error. */
function serverText(text: string, max = 60): string {
  return truncate(safeForTerminal(text), max);
}

function describeFetchError(error: unknown, policy: RetryPolicy): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${policy.timeoutMs} ms`;
  }
  // undici reports the reason in `cause.code` (ECONNREFUSED, ENOTFOUND, UND_ERR_SOCKET); its messages can
  // name the host and port, so only the code is kept.
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return `unreachable (${serverText(code ?? (error instanceof Error ? error.name : 'network error'), 40)})`;
}

/** Removes the URL, and its query on its own, from text that might echo them. */
function withoutUrl(text: string, url: string): string {
  let out = text.split(url).join('<url>');
  try {
    const { search } = new URL(url);
    if (search.length > 1) out = out.split(search).join('?<redacted>');
  } catch {
    // Not a URL: nothing more to remove.
  }
  return out;
}

export async function postWithRetry(options: PostOptions): Promise<PostOutcome> {
  const { url, label, policy } = options;
  const started = performance.now();
  let attempts = 0;

  const attempt = async (attemptNumber: number): Promise<number> => {
    attempts = attemptNumber;
    await options.beforeAttempt?.();
    let request: PostRequest;
    try {
      request = options.request(attemptNumber);
    } catch (error) {
      throw new AttemptFailed(`could not build the request: ${serverText(String((error as Error)?.message ?? error), 120)}`, false);
    }
    let response: Response;
    try {
      response = await options.fetch(url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        // A redirected webhook would carry our payload and signature to another address: refuse instead.
        redirect: 'manual',
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
    } catch (error) {
      throw new AttemptFailed(describeFetchError(error, policy), true);
    }
    // The body is never used; reading it to the end frees the connection.
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok) return response.status;
    const reason = response.statusText ? ` ${serverText(response.statusText)}` : '';
    const redirect = response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : '';
    throw new AttemptFailed(
      `answered ${response.status}${reason}${redirect}`,
      isRetryableStatus(response.status),
      response.status,
      parseRetryAfter(response.headers.get('retry-after')),
    );
  };

  try {
    const status = await pRetry(attempt, {
      retries: policy.retries,
      factor: BACKOFF_FACTOR,
      minTimeout: policy.minBackoffMs,
      maxTimeout: policy.maxBackoffMs,
      maxRetryTime: policy.maxTotalMs,
      randomize: false,
      shouldRetry: ({ error }) => error instanceof AttemptFailed && error.retryable,
      // p-retry then waits its own backoff; this tops that wait up to what Retry-After asked for.
      onFailedAttempt: async ({ error, retriesConsumed, retriesLeft }) => {
        if (!(error instanceof AttemptFailed) || !error.retryable || retriesLeft <= 0) return;
        if (error.retryAfterMs === undefined) return;
        const backoff = Math.min(policy.minBackoffMs * BACKOFF_FACTOR ** retriesConsumed, policy.maxBackoffMs);
        const remaining = policy.maxTotalMs - (performance.now() - started);
        const extra = Math.min(error.retryAfterMs, policy.maxRetryAfterMs) - backoff;
        if (extra > 0 && remaining > 0) await sleep(Math.min(extra, remaining));
      },
    });
    return { ok: true, status, attempts };
  } catch (error) {
    const failed = error instanceof AttemptFailed ? error : undefined;
    const detail = failed ? failed.message : `failed: ${serverText(String((error as Error)?.message ?? error), 120)}`;
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    return { ok: false, status: failed?.status, attempts, error: withoutUrl(`${label} ${detail}${tries}`, url) };
  }
}

import pRetry from 'p-retry';
import { NO_DEADLINE, sleepUnless, timeoutSignal, type Deadline } from '../util/deadline.js';
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
  /** Awaited before every attempt: pacing. Passed the deadline's signal, so a wait ends with the run. */
  beforeAttempt?: (signal: AbortSignal) => Promise<void>;
  /**
   * The run's deadline: each attempt's timeout and every wait are cut to the time left, and reaching it
   * aborts the attempt in flight. The outcome then says `stopped`.
   */
  deadline?: Deadline;
}

export type PostOutcome =
  | { ok: true; status: number; attempts: number }
  | { ok: false; error: string; attempts: number; status?: number; stopped?: true };

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

const STOPPED = "stopped at the run's deadline";

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

/** Server-supplied text, made safe and short for a stored error. */
function serverText(text: string, max = 60): string {
  return truncate(safeForTerminal(text), max);
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${Math.round(timeoutMs)} ms`;
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
  const deadline = options.deadline ?? NO_DEADLINE;
  const stopped = () => deadline.signal.aborted;
  const started = performance.now();
  let attempts = 0;

  const attempt = async (attemptNumber: number): Promise<number> => {
    if (stopped()) throw new AttemptFailed(STOPPED, false);
    await options.beforeAttempt?.(deadline.signal);
    if (stopped()) throw new AttemptFailed(STOPPED, false);
    attempts = attemptNumber;
    let request: PostRequest;
    try {
      request = options.request(attemptNumber);
    } catch (error) {
      throw new AttemptFailed(`could not build the request: ${serverText(String((error as Error)?.message ?? error), 120)}`, false);
    }
    const timeoutMs = Math.min(policy.timeoutMs, deadline.remainingMs());
    const timeout = timeoutSignal(timeoutMs, deadline.signal);
    let response: Response;
    try {
      response = await options.fetch(url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        // A redirected webhook would carry our payload and signature to another address: refuse instead.
        redirect: 'manual',
        signal: timeout.signal,
      });
      // The body is never used; reading it to the end frees the connection (the signal still bounds it).
      await response.arrayBuffer().catch(() => undefined);
    } catch (error) {
      // A timeout cut short to the time left is the deadline too, whichever timer fired first.
      if (stopped() || (timeoutMs < policy.timeoutMs && (error as Error)?.name === 'TimeoutError')) throw new AttemptFailed(STOPPED, false);
      throw new AttemptFailed(describeFetchError(error, timeoutMs), true);
    } finally {
      timeout.clear();
    }
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
      maxRetryTime: Math.min(policy.maxTotalMs, deadline.remainingMs()),
      randomize: false,
      signal: deadline.signal,
      // No retry whose backoff alone would run into the deadline: give up now and leave the notice owed.
      shouldRetry: ({ error, retriesConsumed }) =>
        error instanceof AttemptFailed && error.retryable && backoffMs(policy, retriesConsumed) < deadline.remainingMs(),
      // p-retry then waits its own backoff; this tops that wait up to what Retry-After asked for.
      onFailedAttempt: async ({ error, retriesConsumed, retriesLeft }) => {
        if (!(error instanceof AttemptFailed) || !error.retryable || retriesLeft <= 0) return;
        if (error.retryAfterMs === undefined) return;
        const backoff = backoffMs(policy, retriesConsumed);
        const remaining = Math.min(policy.maxTotalMs - (performance.now() - started), deadline.remainingMs() - backoff);
        const extra = Math.min(error.retryAfterMs, policy.maxRetryAfterMs) - backoff;
        if (extra > 0 && remaining > 0) await sleepUnless(Math.min(extra, remaining), deadline.signal);
      },
    });
    return { ok: true, status, attempts };
  } catch (error) {
    if (stopped() || (error instanceof AttemptFailed && error.message === STOPPED)) {
      const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
      return { ok: false, attempts, stopped: true, error: `${label} ${STOPPED}${tries}` };
    }
    const failed = error instanceof AttemptFailed ? error : undefined;
    const detail = failed ? failed.message : `failed: ${serverText(String((error as Error)?.message ?? error), 120)}`;
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    return { ok: false, status: failed?.status, attempts, error: withoutUrl(`${label} ${detail}${tries}`, url) };
  }
}

/** The wait p-retry makes before the retry that follows `retriesConsumed` earlier ones. */
function backoffMs(policy: RetryPolicy, retriesConsumed: number): number {
  return Math.min(policy.minBackoffMs * BACKOFF_FACTOR ** retriesConsumed, policy.maxBackoffMs);
}

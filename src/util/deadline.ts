/**
 * The time a run must be done by. A Function invocation is killed at its timeout and a lease expires by
 * itself, so a run that outlives either can be cut in the middle of a write or overlap the next run:
 * everything slow (queries, posts, retry waits) takes its limits from the time left here.
 */
export interface Deadline {
  /** Aborts when the deadline is reached; in-flight requests pass it on. */
  readonly signal: AbortSignal;
  /** Milliseconds left (never negative); Infinity when there is no deadline. */
  remainingMs(): number;
}

/** What `signal.reason` is when a deadline was reached (AbortSignal.timeout's own reason). */
export class DeadlineReachedError extends Error {
  constructor(message = "the run's deadline was reached") {
    super(message);
    this.name = 'DeadlineReachedError';
  }
}

const never = new AbortController().signal;

/** No deadline: the signal never aborts. */
export const NO_DEADLINE: Deadline = { signal: never, remainingMs: () => Number.POSITIVE_INFINITY };

/** A deadline `ms` from now. The timer does not keep the process alive. */
export function deadlineAfter(ms: number, clock: () => number = Date.now): Deadline {
  if (!Number.isFinite(ms)) return NO_DEADLINE;
  const at = clock() + Math.max(0, ms);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineReachedError()), Math.max(0, ms));
  timer.unref?.();
  return { signal: controller.signal, remainingMs: () => (controller.signal.aborted ? 0 : Math.max(0, at - clock())) };
}

/**
 * A deadline reached when `signal` aborts (a test, or a caller that stops runs its own way); with
 * `ms`, also reached after that long, whichever comes first.
 */
export function deadlineFromSignal(signal: AbortSignal, ms = Number.POSITIVE_INFINITY): Deadline {
  const timed = deadlineAfter(ms);
  const both = AbortSignal.any([signal, timed.signal]);
  return { signal: both, remainingMs: () => (both.aborted ? 0 : timed.remainingMs()) };
}

/**
 * A signal that aborts after `ms` (with a TimeoutError, as AbortSignal.timeout's does) or when one of
 * `others` aborts. Not AbortSignal.any([AbortSignal.timeout(ms), …]): the combined signal holds its
 * sources weakly, so Node may collect the timeout signal before it fires and a hung request then waits
 * for undici's own 300 s (seen in a test run). Here the timer holds the controller. The timer does not
 * keep the process alive; `clear()` stops it once the work is done.
 */
export function timeoutSignal(ms: number, ...others: AbortSignal[]): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`timed out after ${ms} ms`, 'TimeoutError')), Math.max(0, ms));
  timer.unref?.();
  const signal = others.length ? AbortSignal.any([controller.signal, ...others]) : controller.signal;
  return { signal, clear: () => clearTimeout(timer) };
}

export function deadlineReached(deadline: Deadline | undefined): boolean {
  return deadline?.signal.aborted === true;
}

/** Resolves after `ms`, or early (without rejecting) when `signal` aborts. */
export function sleepUnless(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

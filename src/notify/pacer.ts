import { sleepUnless } from '../util/deadline.js';

/**
 * Spaces out posts to one endpoint across the whole process. The Teams Workflows rate limit is undocumented,
 * so hunts finishing together must not burst; the slot is reserved synchronously, so concurrent callers
 * queue in call order. Keyed by endpoint: two channels' flows do not slow each other.
 */
const nextSlot = new Map<string, number>();

/** Waits for the endpoint's next free slot; `signal` (the run's deadline) ends the wait early. */
export async function waitForSlot(endpoint: string, minIntervalMs: number, signal?: AbortSignal): Promise<void> {
  if (!(minIntervalMs > 0)) return;
  const now = Date.now();
  const slot = Math.max(now, nextSlot.get(endpoint) ?? 0);
  nextSlot.set(endpoint, slot + minIntervalMs);
  if (slot > now) await sleepUnless(slot - now, signal);
}

import { sleepUnless } from '../util/deadline.js';

/**
 * Spaces out posts to one endpoint across the whole process. The Teams Workflows rate limit is undocumented,
 * so hunts finishing together must not burst. Callers queue per endpoint in call order, and each waits
 * until the interval has passed since the one before it was actually let go (not since it was scheduled),
 * so a caller that starts late cannot leave its successor a shorter gap. Keyed by endpoint: two channels'
 * flows do not slow each other.
 */
const released = new Map<string, Promise<number>>();

/** Waits for the endpoint's next free slot; `signal` (the run's deadline) ends the wait early. */
export async function waitForSlot(endpoint: string, minIntervalMs: number, signal?: AbortSignal): Promise<void> {
  if (!(minIntervalMs > 0)) return;
  const previous = released.get(endpoint) ?? Promise.resolve(Number.NEGATIVE_INFINITY);
  const mine = previous.then(async (previousAt) => {
    await sleepUnless(previousAt + minIntervalMs - Date.now(), signal);
    return Date.now();
  });
  released.set(endpoint, mine);
  await mine;
}

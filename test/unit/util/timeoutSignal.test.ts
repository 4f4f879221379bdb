import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { timeoutSignal } from '../../../src/util/deadline.js';

/** Collections on demand, as a busy machine would run them in the middle of a request. */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

const aborted = (signal: AbortSignal) => new Promise<unknown>((resolve) => signal.addEventListener('abort', () => resolve(signal.reason), { once: true }));
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('timeoutSignal', () => {
  it('fires after its time though only the combined signal is held and collections run meanwhile', async () => {
    const gc = collector();
    const never = new AbortController();
    // Held as fetch holds it: the combined signal only (AbortSignal.any of AbortSignal.timeout lost its
    // timeout here on Node 20 and never fired).
    const { signal } = timeoutSignal(30, never.signal);
    const reason = aborted(signal);
    for (let i = 0; i < 5; i++) {
      gc();
      await tick();
    }
    // A bound, not a timing check: the lost timeout of AbortSignal.any never fires at all.
    const neverFired = new Promise((_, reject) => setTimeout(() => reject(new Error('the timeout never fired')), 20_000).unref());
    const error = (await Promise.race([reason, neverFired])) as DOMException;
    assert.equal(error.name, 'TimeoutError');
  });

  it('aborts with the other signal when that comes first, and clear() stops the timer', async () => {
    const other = new AbortController();
    const { signal, clear } = timeoutSignal(60_000, other.signal);
    other.abort(new Error('the run ended'));
    assert.equal(signal.aborted, true);
    assert.equal((signal.reason as Error).message, 'the run ended');
    clear();
    const alone = timeoutSignal(10);
    alone.clear();
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.equal(alone.signal.aborted, false, 'cleared before its time');
  });
});

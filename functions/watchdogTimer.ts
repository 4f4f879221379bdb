import type { InvocationContext, Timer, TimerFunctionOptions } from '@azure/functions';
import type { Hunt } from '../src/hunts/hunt.js';
import type { RuntimeDeps } from '../src/run/azureRuntime.js';
import { flushTelemetry } from '../src/telemetry/azureMonitor.js';
import { recordWatch, watchHunts, WATCHDOG_SCHEDULE } from '../src/telemetry/watchdog.js';
import { jsonLine } from '../src/util/escape.js';

export const WATCHDOG_NAME = 'hunts-watchdog';

/** Reports every enabled hunt's time since its last success; the "hunt overdue" alert reads it. */
export function watchdogTimer(hunts: Hunt[], env: NodeJS.ProcessEnv, runtime: () => Promise<RuntimeDeps>): { name: string; options: TimerFunctionOptions } {
  const handler = async (_timer: Timer, context: InvocationContext): Promise<void> => {
    const { store } = await runtime();
    const now = new Date();
    const watches = await watchHunts(hunts, store, now, env);
    recordWatch(watches, now);
    await flushTelemetry();
    const overdue = watches.filter((w) => w.overdue);
    const line = jsonLine({
      event: 'hunt-watch',
      hunts: watches.map((w) => ({ huntId: w.huntId, hunt: w.slug, status: w.status, lastSuccess: w.lastSuccess?.toISOString() ?? null })),
    });
    if (overdue.length) context.warn(line);
    else context.info(line);
  };
  // Never runOnStartup, as for the hunts: it would fire on every scale-out and restart.
  return { name: WATCHDOG_NAME, options: { schedule: WATCHDOG_SCHEDULE, runOnStartup: false, handler } };
}

import type { Hunt } from '../hunts/hunt.js';
import type { HuntRunReport } from '../run/runHunt.js';
import { flushTelemetry } from './azureMonitor.js';
import { recordHuntRun } from './huntRunTelemetry.js';

/** What a Function handler calls after each run: record it on the global providers and push it out. */
export async function recordAndFlush(report: HuntRunReport, hunt: Pick<Hunt, 'slug' | 'schedule'>): Promise<void> {
  recordHuntRun(report, hunt);
  await flushTelemetry();
}

import type { Hunt } from '../hunts/hunt.js';
import type { QueryWindow } from '../sources/querySource.js';

/**
 * `[min(now − lookback, watermark − ingestionDelay), now]`, never reaching back past maxCatchUp:
 * late events and missed runs are covered, and deduplication absorbs the overlap (DESIGN.md "Windows").
 */
export function computeWindow(hunt: Hunt, now: Date, watermark: Date | null): QueryWindow {
  const end = now.getTime();
  let start = end - hunt.lookback.ms;
  if (watermark) start = Math.min(start, watermark.getTime() - hunt.ingestionDelay.ms);
  start = Math.max(start, end - hunt.maxCatchUp.ms);
  return { start: new Date(start), end: new Date(end) };
}

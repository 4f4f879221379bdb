import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Hunt } from '../../../src/hunts/hunt.js';
import { computeWindow } from '../../../src/run/window.js';

const H = 3_600_000;
const hunt = {
  lookback: { iso: 'PT6H', ms: 6 * H },
  ingestionDelay: { iso: 'PT30M', ms: 0.5 * H },
  maxCatchUp: { iso: 'P1D', ms: 24 * H },
} as Hunt;
const now = new Date('2026-11-20T12:00:00Z');
const at = (hoursBefore: number) => new Date(now.getTime() - hoursBefore * H);

describe('computeWindow', () => {
  it('covers the lookback on a first run', () => {
    assert.deepEqual(computeWindow(hunt, now, null), { start: at(6), end: now });
  });
  it('keeps the lookback when the last run was recent', () => {
    assert.deepEqual(computeWindow(hunt, now, at(1)), { start: at(6), end: now });
  });
  it('reaches back to the watermark minus the ingestion delay after missed runs', () => {
    assert.deepEqual(computeWindow(hunt, now, at(10)), { start: at(10.5), end: now });
  });
  it('never reaches back past the maximum catch-up', () => {
    assert.deepEqual(computeWindow(hunt, now, at(72)), { start: at(24), end: now });
  });
});

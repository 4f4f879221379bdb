import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/**
 * Rounds half away from zero (round(2.5) is 3, round(-2.5) is -3): the KQL reference's examples
 * (round(2.15, 1) = 2.2, round(-50.55, -2) = -100) fix no midpoint rule, and this is the rule of
 * SQL's ROUND and C's round().
 */
function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x)) || 0;
}

/** round(number[, precision]): to `precision` decimal digits (negative: tens, hundreds …). */
export function roundTo(x: number, precision: number): number {
  if (!Number.isFinite(x)) return x;
  if (precision === 0) return roundHalfAway(x);
  if (precision > 0) {
    const factor = 10 ** Math.min(precision, 22);
    const scaled = x * factor;
    // Beyond 2^53 a double has no fractional digits left to round.
    return Math.abs(scaled) >= 2 ** 53 ? x : roundHalfAway(scaled) / factor;
  }
  const factor = 10 ** Math.min(-precision, 308);
  return roundHalfAway(x / factor) * factor;
}

export const round: ScalarFunction = {
  names: ['round'],
  compile: (args, call) =>
    mapN(call.resultType, args, ([x, p = 0]) => (typeof x === 'number' && typeof p === 'number' ? roundTo(x, Math.trunc(p)) : null)),
};

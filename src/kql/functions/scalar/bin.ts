import { binary } from '../../compile/ops/binary.js';
import type { Scalar } from '../../compile/types.js';
import { epochAlignment, mod } from '../../values/datetime.js';
import type { ScalarFunction } from '../types.js';

/**
 * bin(value, roundTo) / floor(): the nearest multiple of roundTo at or below value; a null, zero
 * or negative bin size gives null. Datetimes are binned from 0001-01-01 as Kusto does (a Monday:
 * 7d bins start on Mondays), not from the engine's own tick epoch.
 */
export const bin: ScalarFunction = {
  names: ['bin', 'floor'],
  compile: ([value, size], call) => binScalar(value, size, call.resultType),
};

export function binScalar(value: Scalar, size: Scalar, resultType: string): Scalar {
  if (value.type === 'datetime') {
    let lastSize = NaN;
    let lastAlign = 0;
    const alignFor = (s: number): number => {
      if (s !== lastSize) {
        lastSize = s;
        lastAlign = epochAlignment(s);
      }
      return lastAlign;
    };
    return binary(resultType, value, size, (v, s) => {
      if (typeof v !== 'number' || typeof s !== 'number' || !(s > 0)) return null;
      const whole = Math.round(s);
      return v - mod(v + alignFor(whole), whole);
    });
  }
  const integral = resultType === 'long' || resultType === 'int' || resultType === 'timespan';
  return binary(resultType, value, size, (v, s) => {
    if (typeof v !== 'number' || typeof s !== 'number' || !(s > 0)) return null;
    // Integers and ticks stay exact through the remainder; reals divide as Kusto's doubles do.
    return integral ? v - mod(v, s) : Math.floor(v / s) * s;
  });
}

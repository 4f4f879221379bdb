import { maskIpv4, parseIpv4 } from '../../values/ip.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** -1/0/1 comparing two IPv4 strings under the shortest of their prefixes and the optional prefix argument; null when either fails. */
function compareIpv4(x: unknown, y: unknown, p: unknown = 32): number | null {
  const a = typeof x === 'string' ? parseIpv4(x) : null;
  const b = typeof y === 'string' ? parseIpv4(y) : null;
  if (!a || !b || typeof p !== 'number' || !(p >= 0 && p <= 32)) return null;
  const prefix = Math.min(a.prefix, b.prefix, Math.trunc(p));
  const l = maskIpv4(a.value, prefix);
  const r = maskIpv4(b.value, prefix);
  return l < r ? -1 : l > r ? 1 : 0;
}

export const ipv4Compare: ScalarFunction = {
  names: ['ipv4_compare'],
  compile: (args) => mapN('long', args, ([x, y, p]) => compareIpv4(x, y, p)),
};

export const ipv4IsMatch: ScalarFunction = {
  names: ['ipv4_is_match'],
  compile: (args) =>
    mapN('bool', args, ([x, y, p]) => {
      const c = compareIpv4(x, y, p);
      return c === null ? null : c === 0;
    }),
};

import { maskIpv6, parseIpv6 } from '../../values/ip.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** -1/0/1 comparing two IPv6 (or IPv4) strings under the shortest prefix; null when either fails. */
function compareIpv6(x: unknown, y: unknown, p: unknown = 128): number | null {
  const a = typeof x === 'string' ? parseIpv6(x) : null;
  const b = typeof y === 'string' ? parseIpv6(y) : null;
  if (!a || !b || typeof p !== 'number' || !(p >= 0 && p <= 128)) return null;
  const prefix = Math.min(a.prefix, b.prefix, Math.trunc(p));
  const l = maskIpv6(a.value, prefix);
  const r = maskIpv6(b.value, prefix);
  return l < r ? -1 : l > r ? 1 : 0;
}

export const ipv6Compare: ScalarFunction = {
  names: ['ipv6_compare'],
  compile: (args) => mapN('long', args, ([x, y, p]) => compareIpv6(x, y, p)),
};

export const ipv6IsMatch: ScalarFunction = {
  names: ['ipv6_is_match'],
  compile: (args) =>
    mapN('bool', args, ([x, y, p]) => {
      const c = compareIpv6(x, y, p);
      return c === null ? null : c === 0;
    }),
};

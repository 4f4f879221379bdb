import { maskIpv4, parseIpv4 } from '../../values/ip.js';
import { map1, mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** parse_ipv4("a.b.c.d[/n]"): the address as a long, bits past the prefix cleared; null when not IPv4. */
export const parseIpv4Function: ScalarFunction = {
  names: ['parse_ipv4'],
  compile: ([ip]) =>
    map1('long', ip, (v) => {
      const a = typeof v === 'string' ? parseIpv4(v) : null;
      return a ? maskIpv4(a.value, a.prefix) : null;
    }),
};

/** parse_ipv4_mask(ip, prefix): as parse_ipv4 with the shorter of the two prefixes; prefix 0-32. */
export const parseIpv4Mask: ScalarFunction = {
  names: ['parse_ipv4_mask'],
  compile: (args) =>
    mapN('long', args, ([v, p]) => {
      const a = typeof v === 'string' ? parseIpv4(v) : null;
      if (!a || typeof p !== 'number' || !(p >= 0 && p <= 32)) return null;
      return maskIpv4(a.value, Math.min(a.prefix, Math.trunc(p)));
    }),
};

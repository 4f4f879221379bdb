import { formatIpv6, maskIpv6, parseIpv6 } from '../../values/ip.js';
import { map1, mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** parse_ipv6(ip): the canonical, zero-padded IPv6 form, masked by the prefix; "" when not an address. */
export const parseIpv6Function: ScalarFunction = {
  names: ['parse_ipv6'],
  compile: ([ip]) =>
    map1('string', ip, (v) => {
      const a = typeof v === 'string' ? parseIpv6(v) : null;
      return a ? formatIpv6(maskIpv6(a.value, a.prefix)) : '';
    }),
};

/** parse_ipv6_mask(ip, prefix): as parse_ipv6 with the shorter prefix (0-128, IPv4 addresses counted as ::ffff:a.b.c.d). */
export const parseIpv6Mask: ScalarFunction = {
  names: ['parse_ipv6_mask'],
  compile: (args) =>
    mapN('string', args, ([v, p]) => {
      const a = typeof v === 'string' ? parseIpv6(v) : null;
      if (!a || typeof p !== 'number' || !(p >= 0 && p <= 128)) return '';
      return formatIpv6(maskIpv6(a.value, Math.min(a.prefix, Math.trunc(p))));
    }),
};

import { maskIpv6, parseIpv6, type Ipv6 } from '../../values/ip.js';
import { mapN, withParsedList } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

function inRange(address: unknown, ranges: readonly Ipv6[]): boolean | null {
  const a = typeof address === 'string' ? parseIpv6(address) : null;
  if (!a) return null;
  const v = maskIpv6(a.value, a.prefix);
  return ranges.some((r) => maskIpv6(v, r.prefix) === maskIpv6(r.value, r.prefix));
}

/** ipv6_is_in_range(address, range): IPv4 text counts as ::ffff:a.b.c.d; null when either fails. */
export const ipv6IsInRange: ScalarFunction = {
  names: ['ipv6_is_in_range'],
  compile: (args) =>
    mapN('bool', args, ([a, r]) => {
      const range = typeof r === 'string' ? parseIpv6(r) : null;
      return range ? inRange(a, [range]) : null;
    }),
};

/** ipv6_is_in_any_range(address, range, …) or a dynamic array of ranges; a range that does not parse matches nothing. */
export const ipv6IsInAnyRange: ScalarFunction = {
  names: ['ipv6_is_in_any_range'],
  compile: (args) =>
    withParsedList(
      'bool',
      args,
      (items) => items.map(parseIpv6).filter((r): r is Ipv6 => r !== null),
      (a, ranges) => inRange(a, ranges),
    ),
};

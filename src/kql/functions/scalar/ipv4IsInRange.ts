import { ipv4Range, maskIpv4, parseIpv4 } from '../../values/ip.js';
import { mapN, withParsedList } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

type Range = { start: number; size: number };

function inRange(address: unknown, ranges: readonly Range[]): boolean | null {
  const a = typeof address === 'string' ? parseIpv4(address) : null;
  if (!a) return null;
  const v = maskIpv4(a.value, a.prefix);
  return ranges.some((r) => v >= r.start && v < r.start + r.size);
}

/** ipv4_is_in_range(address, "a.b.c.d/n"): null when either is not IPv4. */
export const ipv4IsInRange: ScalarFunction = {
  names: ['ipv4_is_in_range'],
  compile: (args) =>
    mapN('bool', args, ([a, r]) => {
      const range = typeof r === 'string' ? ipv4Range(r) : null;
      return range ? inRange(a, [range]) : null;
    }),
};

/**
 * ipv4_is_in_any_range(address, range, …) or (address, dynamic([range, …])); constant ranges are
 * parsed once. A range that is not IPv4 matches nothing (the reference leaves it open).
 */
export const ipv4IsInAnyRange: ScalarFunction = {
  names: ['ipv4_is_in_any_range'],
  compile: (args) =>
    withParsedList(
      'bool',
      args,
      (items) => items.map(ipv4Range).filter((r): r is Range => r !== null),
      (a, ranges) => inRange(a, ranges),
    ),
};

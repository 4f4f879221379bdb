import { ipv4AddressesIn, parseIpv4 } from '../../values/ip.js';
import { withParsedList } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

const PARTIAL_PREFIX = /^(\d{1,3}\.){1,3}$/;

/** Addresses to look for: valid IPv4 addresses without a "/n" prefix, as numbers. */
function addresses(items: string[]): Set<number> {
  const out = new Set<number>();
  for (const s of items) {
    const a = s.includes('/') ? null : parseIpv4(s);
    if (a) out.add(a.value);
  }
  return out;
}

/** Prefixes to look for: a whole address, or 1-3 octets ending with '.' ("192.168."). */
function prefixes(items: string[]): { whole: Set<number>; partial: string[] } {
  const partial = items.filter((s) => PARTIAL_PREFIX.test(s) && s.split('.').slice(0, -1).every((o) => Number(o) <= 255));
  return { whole: addresses(items), partial };
}

function hasAddress(source: unknown, wanted: Set<number>): boolean {
  if (typeof source !== 'string' || wanted.size === 0) return false;
  return ipv4AddressesIn(source).some((a) => wanted.has(parseIpv4(a)!.value));
}

function hasPrefix(source: unknown, wanted: { whole: Set<number>; partial: string[] }): boolean {
  if (typeof source !== 'string' || (wanted.whole.size === 0 && wanted.partial.length === 0)) return false;
  return ipv4AddressesIn(source).some((a) => wanted.whole.has(parseIpv4(a)!.value) || wanted.partial.some((p) => a.startsWith(p)));
}

/** has_ipv4(source, ip): the address appears in the text, delimited by non-alphanumeric characters. */
export const hasIpv4: ScalarFunction = {
  names: ['has_ipv4'],
  compile: (args) => withParsedList('bool', args, addresses, hasAddress),
};

export const hasAnyIpv4: ScalarFunction = {
  names: ['has_any_ipv4'],
  compile: (args) => withParsedList('bool', args, addresses, hasAddress),
};

/** has_ipv4_prefix(source, prefix): an address in the text starts with the prefix ("10.1." or a whole address). */
export const hasIpv4Prefix: ScalarFunction = {
  names: ['has_ipv4_prefix'],
  compile: (args) => withParsedList('bool', args, prefixes, hasPrefix),
};

export const hasAnyIpv4Prefix: ScalarFunction = {
  names: ['has_any_ipv4_prefix'],
  compile: (args) => withParsedList('bool', args, prefixes, hasPrefix),
};

import { formatIpv4Function, formatIpv4Mask } from '../scalar/formatIpv4.js';
import { hasAnyIpv4, hasAnyIpv4Prefix, hasIpv4, hasIpv4Prefix } from '../scalar/hasIpv4.js';
import { ipv4Compare, ipv4IsMatch } from '../scalar/ipv4Compare.js';
import { ipv4IsInAnyRange, ipv4IsInRange } from '../scalar/ipv4IsInRange.js';
import { ipv4IsPrivate } from '../scalar/ipv4IsPrivate.js';
import { ipv6Compare, ipv6IsMatch } from '../scalar/ipv6Compare.js';
import { ipv6IsInAnyRange, ipv6IsInRange } from '../scalar/ipv6IsInRange.js';
import { parseIpv4Function, parseIpv4Mask } from '../scalar/parseIpv4.js';
import { parseIpv6Function, parseIpv6Mask } from '../scalar/parseIpv6.js';
import type { ScalarFunction } from '../types.js';

/** IPv4/IPv6 functions. */
export const NETWORK_FUNCTIONS: ScalarFunction[] = [
  parseIpv4Function, parseIpv4Mask, formatIpv4Function, formatIpv4Mask, ipv4Compare, ipv4IsMatch,
  ipv4IsInRange, ipv4IsInAnyRange, ipv4IsPrivate, ipv6Compare, ipv6IsMatch, parseIpv6Function, parseIpv6Mask,
  ipv6IsInRange, ipv6IsInAnyRange, hasIpv4, hasAnyIpv4, hasIpv4Prefix, hasAnyIpv4Prefix,
];

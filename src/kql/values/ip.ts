import { isIPv6 } from 'node:net';

/** An IPv4 address as an unsigned 32-bit number, with its IP-prefix ("/24") length, 32 when none. */
export interface Ipv4 {
  value: number;
  prefix: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

/** The address and prefix of "a.b.c.d" or "a.b.c.d/n"; null when it is not one. */
export function parseIpv4(text: string): Ipv4 | null {
  const m = IPV4.exec(text.trim());
  if (!m) return null;
  let value = 0;
  for (let k = 1; k <= 4; k++) {
    const octet = Number(m[k]);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  const prefix = m[5] === undefined ? 32 : Number(m[5]);
  return prefix > 32 ? null : { value, prefix };
}

export function ipv4Mask(prefix: number): number {
  return prefix <= 0 ? 0 : prefix >= 32 ? 0xffffffff : (0xffffffff << (32 - prefix)) >>> 0;
}

/** The address with the bits past `prefix` cleared. */
export function maskIpv4(value: number, prefix: number): number {
  return (value & ipv4Mask(prefix)) >>> 0;
}

export function formatIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** The first IPv4 address a range covers and the number of addresses in it, for range tests. */
export function ipv4Range(text: string): { start: number; size: number } | null {
  const r = parseIpv4(text);
  return r ? { start: maskIpv4(r.value, r.prefix), size: 2 ** (32 - r.prefix) } : null;
}

/** An IPv6 address as a 128-bit integer, with its prefix length (0-128). */
export interface Ipv6 {
  value: bigint;
  prefix: number;
}

const MAPPED = 0xffffn << 32n;
const ALL = (1n << 128n) - 1n;

/**
 * IPv6 text, or IPv4 text taken as its IPv4-mapped address (::ffff:a.b.c.d) with a "/n" prefix
 * counting IPv4 bits (/24 is /120). As in the KQL reference's examples, "::a.b.c.d" is read the
 * same way as "a.b.c.d".
 */
export function parseIpv6(text: string): Ipv6 | null {
  const t = text.trim();
  const v4 = parseIpv4(t.startsWith('::') && t.indexOf(':', 2) < 0 ? t.slice(2) : t);
  if (v4) return { value: MAPPED | BigInt(v4.value), prefix: 96 + v4.prefix };
  const slash = t.indexOf('/');
  const address = slash < 0 ? t : t.slice(0, slash);
  let prefix = 128;
  if (slash >= 0) {
    const p = t.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > 128) return null;
    prefix = Number(p);
  }
  if (address.includes('%') || !isIPv6(address)) return null;
  return { value: ipv6Value(address), prefix };
}

/** The 128-bit value of a valid IPv6 address text (isIPv6 has checked it). */
function ipv6Value(address: string): bigint {
  const groups = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (g.includes('.')) {
        const v4 = parseIpv4(g)!.value;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else out.push(parseInt(g, 16));
    }
    return out;
  };
  const gap = address.indexOf('::');
  const head = groups(gap < 0 ? address : address.slice(0, gap));
  const tail = gap < 0 ? [] : groups(address.slice(gap + 2));
  const all = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  let value = 0n;
  for (const g of all) value = (value << 16n) | BigInt(g);
  return value;
}

export function maskIpv6(value: bigint, prefix: number): bigint {
  const p = Math.max(0, Math.min(128, prefix));
  return p === 0 ? 0n : value & (ALL ^ ((1n << BigInt(128 - p)) - 1n));
}

/** The full, zero-padded form Kusto's parse_ipv6() returns: 0000:0000:0000:0000:0000:ffff:c0a8:ff00. */
export function formatIpv6(value: bigint): string {
  return value.toString(16).padStart(32, '0').match(/.{4}/g)!.join(':');
}

/**
 * Where IPv4 addresses appear in text: runs of four dot-separated decimal numbers (each ≤ 255) with
 * no letter or digit just before or after, as has_ipv4() requires ("properly delimited").
 */
export function ipv4AddressesIn(text: string): string[] {
  const found: string[] = [];
  const candidate = /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/g;
  const alnum = (ch: string | undefined): boolean => ch !== undefined && /[A-Za-z0-9]/.test(ch);
  let m: RegExpExecArray | null;
  while ((m = candidate.exec(text))) {
    const start = m.index;
    const end = start + m[0].length;
    if (!alnum(text[start - 1]) && !alnum(text[end]) && parseIpv4(m[0])) found.push(m[0]);
    // Overlapping candidates ("1234.5.6.7.8" holds "5.6.7.8") start at the next character.
    candidate.lastIndex = start + 1;
  }
  return found;
}

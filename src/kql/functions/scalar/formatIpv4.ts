import { formatIpv4, maskIpv4, parseIpv4, type Ipv4 } from '../../values/ip.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** The address of a string ("a.b.c.d[/n]") or of a number (big-endian, 0 to 2^32-1), masked by the prefix argument too. */
function addressOf(v: unknown, p: unknown): Ipv4 | null {
  if (typeof p !== 'number' || !(p >= 0 && p <= 32)) return null;
  let a: Ipv4 | null = null;
  if (typeof v === 'string') a = parseIpv4(v);
  else if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff) a = { value: v, prefix: 32 };
  if (!a) return null;
  const prefix = Math.min(a.prefix, Math.trunc(p));
  return { value: maskIpv4(a.value, prefix), prefix };
}

/** format_ipv4(ip[, prefix]): dotted text of the masked address; "" when the input is not an address. */
export const formatIpv4Function: ScalarFunction = {
  names: ['format_ipv4'],
  compile: (args) =>
    mapN('string', args, ([v, p = 32]) => {
      const a = addressOf(v, p);
      return a ? formatIpv4(a.value) : '';
    }),
};

/** format_ipv4_mask(ip, prefix): "a.b.c.d/n" with the shorter prefix. */
export const formatIpv4Mask: ScalarFunction = {
  names: ['format_ipv4_mask'],
  compile: (args) =>
    mapN('string', args, ([v, p = 32]) => {
      const a = addressOf(v, p);
      return a ? `${formatIpv4(a.value)}/${a.prefix}` : '';
    }),
};

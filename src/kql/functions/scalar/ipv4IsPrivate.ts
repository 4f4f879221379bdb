import { ipv4Range } from '../../values/ip.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((r) => ipv4Range(r)!);

/** ipv4_is_private(ip): whether the address (or the whole "/n" range) lies in 10/8, 172.16/12 or 192.168/16. */
export const ipv4IsPrivate: ScalarFunction = {
  names: ['ipv4_is_private'],
  compile: ([ip]) =>
    map1('bool', ip, (v) => {
      const r = typeof v === 'string' ? ipv4Range(v) : null;
      if (!r) return null;
      return PRIVATE.some((p) => r.start >= p.start && r.start + r.size <= p.start + p.size);
    }),
};

import { datetimeToDotnetTicks } from '../../values/datetime.js';
import { xxhash64 } from '../../values/xxhash64.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

const utf8 = new TextEncoder();

/** The bytes Kusto feeds xxhash64: a string's UTF-8, a datetime's .NET ticks as 8 little-endian bytes (both checked against the reference's examples). */
function datetimeBytes(ticks: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, datetimeToDotnetTicks(ticks), true);
  return bytes;
}

/**
 * hash(source, mod) / hash_xxhash64(source, mod): XXH64 of the value, modulo `mod`, taken on the
 * unsigned 64-bit hash (the reference promises 0 … mod-1). Without `mod` the 64-bit hash does
 * not fit the engine's 53-bit integers exactly, so that form is refused rather than rounded.
 */
export const hashXxhash64: ScalarFunction = {
  names: ['hash', 'hash_xxhash64'],
  compile: (args, call) => {
    const [source, mod] = args;
    const name = call.cx.required(call.node.Name, call.node, 'function name').SimpleName ?? 'hash';
    if (!mod) throw call.cx.unsupported(call.node, `${name}() without a modulo argument (a 64-bit value the engine cannot hold exactly; ${name}(x, n) runs)`);
    let bytes: (v: unknown) => Uint8Array | null;
    if (source.type === 'string') bytes = (v) => (typeof v === 'string' ? utf8.encode(v) : null);
    else if (source.type === 'datetime') bytes = (v) => (typeof v === 'number' ? datetimeBytes(v) : null);
    else throw call.cx.unsupported(call.node, `${name}() of a ${source.type}`);
    return mapN('long', args, ([v, m]) => {
      const b = bytes(v);
      if (!b || typeof m !== 'number' || !(m >= 1)) return null;
      return Number(xxhash64(b) % BigInt(Math.trunc(m)));
    });
  },
};

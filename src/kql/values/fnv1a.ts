/** 32-bit FNV-1a: a hash cheap enough to compute per value in a load or a join probe. */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** FNV-1a of code units [from, to) of `s`, continuing from `h`. */
export function fnv1aString(s: string, from: number, to: number, h = FNV_OFFSET): number {
  for (let k = from; k < to; k++) h = Math.imul(h ^ s.charCodeAt(k), FNV_PRIME);
  return h;
}

/** FNV-1a of bytes [from, to): ASCII bytes hash as fnv1aString hashes the same characters. */
export function fnv1aBytes(bytes: Uint8Array, from: number, to: number, h = FNV_OFFSET): number {
  for (let k = from; k < to; k++) h = Math.imul(h ^ bytes[k], FNV_PRIME);
  return h;
}

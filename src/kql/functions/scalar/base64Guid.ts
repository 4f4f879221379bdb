import { base64Bytes } from '../../values/base64.js';
import { toKqlString } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/**
 * .NET's GUID byte layout, which Kusto uses: the first three groups little-endian, the last two
 * in order. (The reference's base64_encode_fromguid example follows it; its decode example shows
 * the third group's bytes swapped, which would break the round trip between the two.)
 */
const ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];

function guidText(bytes: Uint8Array): string {
  const hex = ORDER.map((k) => bytes[k].toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function guidBytes(text: string): Buffer | null {
  const hex = text.trim().replace(/^\{|\}$/g, '').replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return null;
  const bytes = Buffer.alloc(16);
  ORDER.forEach((k, i) => (bytes[k] = parseInt(hex.slice(i * 2, i * 2 + 2), 16)));
  return bytes;
}

/** base64_decode_toguid(s): the GUID of 16 base64-encoded bytes; anything else → null. */
export const base64DecodeToGuid: ScalarFunction = {
  names: ['base64_decode_toguid'],
  compile: ([value]) =>
    map1('guid', value, (v) => {
      const bytes = base64Bytes(toKqlString(v, value.type));
      return bytes && bytes.length === 16 ? guidText(bytes) : null;
    }),
};

/** base64_encode_fromguid(guid): its 16 bytes in base64; null ("") for a null guid. */
export const base64EncodeFromGuid: ScalarFunction = {
  names: ['base64_encode_fromguid'],
  compile: ([value]) =>
    map1('string', value, (v) => {
      const bytes = v === null || v === undefined ? null : guidBytes(toKqlString(v, value.type));
      return bytes ? bytes.toString('base64') : '';
    }),
};

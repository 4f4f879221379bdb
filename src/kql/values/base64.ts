/** Strict base64 (the standard alphabet, padded to a multiple of 4), as .NET's decoder requires. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The bytes of a base64 string, or null when it is not valid base64 (whitespace is ignored). */
export function base64Bytes(text: string): Buffer | null {
  const compact = text.replace(/\s+/g, '');
  return BASE64.test(compact) ? Buffer.from(compact, 'base64') : null;
}

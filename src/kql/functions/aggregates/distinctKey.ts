/** A Set/Map key for a value: dynamic arrays/bags compare by content. */
export function distinctKey(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? `\u0000json:${JSON.stringify(value)}` : value;
}

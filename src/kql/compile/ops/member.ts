import type { Scalar } from '../types.js';

/** dynamic.Name / dynamic["Name"] / dynamic[index] (negative counts from the end); misses → null. */
export function member(base: Scalar, key: Scalar): Scalar {
  const get = (v: unknown, k: unknown): unknown => {
    if (v === null || typeof v !== 'object') return null;
    if (Array.isArray(v)) {
      if (typeof k !== 'number') return null;
      const idx = k < 0 ? v.length + k : k;
      return idx >= 0 && idx < v.length ? (v[idx] ?? null) : null;
    }
    if (typeof k !== 'string') return null;
    return Object.prototype.hasOwnProperty.call(v, k) ? ((v as Record<string, unknown>)[k] ?? null) : null;
  };
  if (key.constant) {
    const k = key.constant.value;
    const property = typeof k === 'string' ? base.property?.(k) : undefined;
    if (property) return property;
    return {
      type: 'dynamic',
      bind: (frame) => {
        const f = base.bind(frame);
        return (i) => get(f(i), k);
      },
    };
  }
  return {
    type: 'dynamic',
    bind: (frame) => {
      const f = base.bind(frame);
      const fk = key.bind(frame);
      return (i) => get(f(i), fk(i));
    },
  };
}

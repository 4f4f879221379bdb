import type { Scalar } from '../types.js';
import { binary } from './binary.js';

const INTEGRAL = new Set(['int', 'long']);

/**
 * + - * / % over numbers, datetimes and timespans (both held as 100 ns ticks, so
 * datetime - datetime and datetime ± timespan are plain arithmetic). Integer division truncates
 * and yields null on division by zero.
 */
export function arithmetic(l: Scalar, r: Scalar, op: '+' | '-' | '*' | '/' | '%', resultType: string): Scalar {
  const integral = INTEGRAL.has(resultType);
  const f = (a: unknown, b: unknown): unknown => {
    if (typeof a !== 'number' || typeof b !== 'number') return null;
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        if (integral) return b === 0 ? null : Math.trunc(a / b);
        return a / b;
      case '%': {
        // The reference's modulo is never negative: -14 % 12 is 10.
        if (b === 0) return null;
        const m = a % b;
        return m < 0 ? m + Math.abs(b) : m;
      }
    }
  };
  return binary(resultType, l, r, f);
}

export function negate(operand: Scalar): Scalar {
  return {
    type: operand.type,
    constant:
      operand.constant && typeof operand.constant.value === 'number' ? { value: -operand.constant.value } : undefined,
    bind: (frame) => {
      const f = operand.bind(frame);
      return (i) => {
        const v = f(i);
        return typeof v === 'number' ? -v : null;
      };
    },
  };
}

import { map1, mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** 64-bit two's-complement arithmetic on the engine's numbers (exact while operands and results stay within 2^53). */
const int64 = (x: number): bigint => BigInt.asIntN(64, BigInt(Math.trunc(x)));
const num = (x: bigint): number => Number(BigInt.asIntN(64, x));

function binaryOp(name: string, op: (a: bigint, b: bigint) => bigint): ScalarFunction {
  return {
    names: [name],
    compile: (args, call) =>
      mapN(call.resultType, args, ([a, b]) => (typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b) ? num(op(int64(a), int64(b))) : null)),
  };
}

export const binaryAnd = binaryOp('binary_and', (a, b) => a & b);
export const binaryOr = binaryOp('binary_or', (a, b) => a | b);
export const binaryXor = binaryOp('binary_xor', (a, b) => a ^ b);

/** binary_shift_left/right(value, n): value << (n % 64); a negative n gives null, as documented. */
function shift(name: string, left: boolean): ScalarFunction {
  return {
    names: [name],
    compile: (args, call) =>
      mapN(call.resultType, args, ([v, n]) => {
        if (typeof v !== 'number' || typeof n !== 'number' || !Number.isFinite(v) || !(n >= 0)) return null;
        const by = BigInt(Math.trunc(n) % 64);
        return num(left ? int64(v) << by : int64(v) >> by);
      }),
  };
}

export const binaryShiftLeft = shift('binary_shift_left', true);
export const binaryShiftRight = shift('binary_shift_right', false);

export const binaryNot: ScalarFunction = {
  names: ['binary_not'],
  compile: ([v], call) => map1(call.resultType, v, (x) => (typeof x === 'number' && Number.isFinite(x) ? num(~int64(x)) : null)),
};

/** bitset_count_ones(value): set bits of the 64-bit two's-complement value. */
export const bitsetCountOnes: ScalarFunction = {
  names: ['bitset_count_ones'],
  compile: ([v], call) =>
    map1(call.resultType, v, (x) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) return null;
      let bits = BigInt.asUintN(64, BigInt(Math.trunc(x)));
      let count = 0;
      for (; bits; bits &= bits - 1n) count++;
      return count;
    }),
};

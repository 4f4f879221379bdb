import { abs } from '../scalar/abs.js';
import {
  binaryAnd,
  binaryNot,
  binaryOr,
  binaryShiftLeft,
  binaryShiftRight,
  binaryXor,
  bitsetCountOnes,
} from '../scalar/bitwise.js';
import { ceiling } from '../scalar/ceiling.js';
import { exp, exp10, exp2 } from '../scalar/exp.js';
import { isfinite, isinf, isnan } from '../scalar/isnan.js';
import { log, log10, log2 } from '../scalar/log.js';
import { maxOf, minOf } from '../scalar/minMaxOf.js';
import { pi } from '../scalar/pi.js';
import { pow } from '../scalar/pow.js';
import { round } from '../scalar/round.js';
import { sign } from '../scalar/sign.js';
import { sqrt } from '../scalar/sqrt.js';
import { acos, asin, atan, atan2, cos, cot, degrees, radians, sin, tan } from '../scalar/trig.js';
import type { ScalarFunction } from '../types.js';

/** Mathematical functions. */
export const MATH_FUNCTIONS: ScalarFunction[] = [
  abs, ceiling, round, pow, sqrt, exp, exp2, exp10, log, log2, log10, sign, isnan, isinf, isfinite, pi,
  sin, cos, tan, cot, asin, acos, atan, atan2, degrees, radians, minOf, maxOf,
  binaryAnd, binaryOr, binaryXor, binaryNot, binaryShiftLeft, binaryShiftRight, bitsetCountOnes,
];

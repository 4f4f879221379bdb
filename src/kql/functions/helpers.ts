import { constantScalar, type Scalar } from '../compile/types.js';
import type { ScalarFunction } from './types.js';

/** f applied to one argument, folded at compile time when the argument is constant. */
export function map1(type: string, a: Scalar, f: (x: unknown) => unknown): Scalar {
  if (a.constant) return constantScalar(type, f(a.constant.value));
  return {
    type,
    bind: (frame) => {
      const fa = a.bind(frame);
      return (i) => f(fa(i));
    },
  };
}

/** f applied to all arguments, folded when all are constant. */
export function mapN(type: string, args: Scalar[], f: (values: unknown[]) => unknown): Scalar {
  if (args.every((a) => a.constant)) return constantScalar(type, f(args.map((a) => a.constant!.value)));
  return {
    type,
    bind: (frame) => {
      const fns = args.map((a) => a.bind(frame));
      const values = new Array<unknown>(fns.length);
      return (i) => {
        for (let k = 0; k < fns.length; k++) values[k] = fns[k](i);
        return f(values);
      };
    },
  };
}

/** A numeric function of one argument: non-numbers give null, and so do arguments outside `domain` when given. */
export function mathFunction(names: string[], f: (x: number) => number, domain?: (x: number) => boolean): ScalarFunction {
  return {
    names,
    compile: ([x], call) =>
      map1(call.resultType, x, (v) => (typeof v === 'number' && (!domain || Number.isNaN(v) || domain(v)) ? f(v) : null)),
  };
}

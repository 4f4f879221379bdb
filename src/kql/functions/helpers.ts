import { constantScalar, type Scalar } from '../compile/types.js';
import type { ScalarCall, ScalarFunction } from './types.js';

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

/** The strings among function arguments given either one by one or as dynamic arrays (ipv4_is_in_any_range(ip, r1, r2) or (ip, dynamic([r1, r2]))). */
export function stringList(values: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) for (const e of v) if (typeof e === 'string') out.push(e);
  }
  return out;
}

/**
 * f(first, parsed rest) where the rest (a list of ranges, addresses …) is parsed once when every
 * one of those arguments is a constant, and per row otherwise.
 */
export function withParsedList<P>(type: string, args: Scalar[], parse: (items: string[]) => P, f: (first: unknown, list: P) => unknown): Scalar {
  const [first, ...rest] = args;
  if (rest.every((a) => a.constant)) {
    const list = parse(stringList(rest.map((a) => a.constant!.value)));
    return map1(type, first, (v) => f(v, list));
  }
  return mapN(type, args, ([v, ...others]) => f(v, parse(stringList(others))));
}

/** The value of an argument the binder requires to be a literal string (a period name, a format). */
export function literalString(arg: Scalar, call: ScalarCall, index: number): string {
  const node = call.argNodes[index] ?? call.node;
  if (!arg.constant) throw call.cx.internal(node, 'expected a literal string argument');
  return typeof arg.constant.value === 'string' ? arg.constant.value : '';
}

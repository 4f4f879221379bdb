import { requireSerialized } from '../compile/serialized.js';
import type { Frame, RowFn, Scalar } from '../compile/types.js';
import { errorAt, UNSUPPORTED } from '../errors.js';
import { nullOf } from '../values/convert.js';
import { distinctKey } from './aggregates/distinctKey.js';
import type { ScalarCall } from './types.js';

/**
 * Window functions see the row index of the frame they are bound to: row i of a serialized table is
 * its i-th row in order. They never fold to a constant (prev(1) is null on the first row).
 */
export function windowCall(call: ScalarCall, name: string): void {
  requireSerialized(call.cx, call.node, name);
}

/** A non-negative integer argument known at compile time (an offset, a start index), or `fallback` when absent. */
export function constantInteger(arg: Scalar | undefined, call: ScalarCall, index: number, name: string, fallback: number): number {
  if (!arg) return fallback;
  const value = arg.constant?.value;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw errorAt(call.cx.text, call.argNodes[index].TextStart, UNSUPPORTED, `${name}() with a non-constant or non-integer argument ${index + 1} is not supported by the local engine yet`);
  }
  return value;
}

/** prev(column, offset, default) / next(...): the value `step` rows away, else the default (or null). */
export function neighbour(name: string, step: -1 | 1): (args: Scalar[], call: ScalarCall) => Scalar {
  return (args, call) => {
    windowCall(call, name);
    const [column, offsetArg, fallback] = args;
    const offset = constantInteger(offsetArg, call, 1, name, 1) * step;
    const type = call.resultType;
    const none = nullOf(type);
    return {
      type,
      bind: (frame: Frame): RowFn => {
        const value = column.bind(frame);
        const otherwise = fallback ? fallback.bind(frame) : () => none;
        const n = frame.length;
        return (i) => {
          const j = i + offset;
          return j >= 0 && j < n ? value(j) : otherwise(i);
        };
      },
    };
  };
}

/** Ranks over runs of equal terms: dense counts the runs, min gives a run its first row's number. */
export function rank(name: string, dense: boolean): (args: Scalar[], call: ScalarCall) => Scalar {
  return ([term, restart]: Scalar[], call: ScalarCall): Scalar => {
    windowCall(call, name);
    return {
      type: call.resultType,
      bind: (frame: Frame): RowFn => {
        const value = term.bind(frame);
        const again = restart?.bind(frame);
        const ranks = new Array<number>(frame.length);
        let previous: unknown;
        let current = 0;
        let row = 0;
        for (let i = 0; i < frame.length; i++) {
          const key = distinctKey(value(i));
          if (i === 0 || (again && again(i) === true)) {
            row = 1;
            current = 1;
          } else {
            row++;
            if (key !== previous) current = dense ? current + 1 : row;
          }
          previous = key;
          ranks[i] = current;
        }
        return (i) => ranks[i];
      },
    };
  };
}

import { errorAt, RUNTIME } from '../../errors.js';
import { fromInput, nullOf, toKqlString } from '../../values/convert.js';
import { atJsonPath, parseJsonPath, type JsonPathStep } from '../../values/jsonPath.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

function parse(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * extractjson(jsonPath, json [, typeof(T)]) (also extract_json): the element at the path, as a
 * string (objects and arrays as JSON text) or converted to T. Invalid JSON, a missing element or
 * a failed conversion give null ("" for string).
 */
export const extractJson: ScalarFunction = {
  names: ['extractjson', 'extract_json'],
  compile: (args, call) => {
    const [path, json] = args;
    const type = call.resultType;
    const none = nullOf(type);
    const pathNode = call.argNodes[0];
    const steps = (p: unknown): JsonPathStep[] | string => parseJsonPath(toKqlString(p, path.type));
    let fixed: JsonPathStep[] | null = null;
    if (path.constant) {
      const s = steps(path.constant.value);
      if (typeof s === 'string') throw errorAt(call.cx.text, pathNode.TextStart, RUNTIME, `extractjson(): ${s}`);
      fixed = s;
    }
    const jt = json.type;
    return mapN(type, [path, json], ([p, j]) => {
      const s = fixed ?? steps(p);
      if (typeof s === 'string') return none;
      const doc = parse(jt === 'string' || typeof j === 'string' ? toKqlString(j, jt) : j);
      const v = doc === undefined ? undefined : atJsonPath(doc, s);
      if (v === undefined || v === null) return none;
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      if (type === 'string') return text;
      if (type === 'dynamic') return v;
      return fromInput(typeof v === 'object' ? text : v, type);
    });
  },
};

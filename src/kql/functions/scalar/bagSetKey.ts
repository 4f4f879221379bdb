import { errorAt, RUNTIME } from '../../errors.js';
import { toDynamic, toKqlString } from '../../values/convert.js';
import { parseJsonPath } from '../../values/jsonPath.js';
import { isBag } from '../dynamicValues.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

function keyPath(key: string): string[] | null {
  const steps = parseJsonPath(key);
  if (typeof steps === 'string' || steps.length === 0 || steps.some((s) => typeof s !== 'string')) return null;
  return steps as string[];
}

function withValue(bag: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  const copy = { ...bag };
  copy[head] = rest.length === 0 ? value : withValue(isBag(copy[head]) ? copy[head] : {}, rest, value);
  return copy;
}

/**
 * bag_set_key(bag, key, value): the bag with key (a name or a JSONPath of names, $.a.b) set to
 * value, creating the nested bags on the way; null when bag is not a property bag.
 */
export const bagSetKey: ScalarFunction = {
  names: ['bag_set_key'],
  compile: (args, call) => {
    const [kt, vt] = [args[1].type, args[2].type];
    if (args[1].constant && !keyPath(toKqlString(args[1].constant.value, kt)))
      throw errorAt(call.cx.text, call.argNodes[1].TextStart, RUNTIME, 'bag_set_key(): the key must be a name or a JSONPath of names ($.a.b)');
    return mapN('dynamic', args, ([bag, k, v]) => {
      const path = keyPath(toKqlString(k, kt));
      if (!isBag(bag) || !path) return null;
      return withValue(bag, path, toDynamic(v, vt));
    });
  },
};

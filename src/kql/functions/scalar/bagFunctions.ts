import { errorAt, RUNTIME } from '../../errors.js';
import { toKqlString } from '../../values/convert.js';
import { atJsonPath, parseJsonPath } from '../../values/jsonPath.js';
import { isBag } from '../dynamicValues.js';
import { map1, mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** bag_keys(bag): its root keys; null when the value is not a property bag. */
export const bagKeys: ScalarFunction = {
  names: ['bag_keys'],
  compile: ([value]) => map1('dynamic', value, (v) => (isBag(v) ? Object.keys(v) : null)),
};

/** bag_merge(bag1, bag2, ...): all properties; for a key in several bags the leftmost value wins. */
export const bagMerge: ScalarFunction = {
  names: ['bag_merge'],
  compile: (args) =>
    mapN('dynamic', args, (values) => {
      const out: Record<string, unknown> = {};
      for (const bag of values) {
        if (!isBag(bag)) continue;
        for (const [k, v] of Object.entries(bag)) if (!Object.prototype.hasOwnProperty.call(out, k)) out[k] = v;
      }
      return out;
    }),
};

/** A key, or a JSONPath to a nested key ($.a.b); array steps are not allowed. */
function keyPath(key: string): string[] | null {
  const steps = parseJsonPath(key);
  if (typeof steps === 'string' || steps.length === 0 || steps.some((s) => typeof s !== 'string')) return null;
  return steps as string[];
}

/** bag_has_key(bag, key): whether the key (or JSONPath) exists. */
export const bagHasKey: ScalarFunction = {
  names: ['bag_has_key'],
  compile: (args, call) => {
    const kt = args[1].type;
    if (args[1].constant && !keyPath(toKqlString(args[1].constant.value, kt)))
      throw errorAt(call.cx.text, call.argNodes[1].TextStart, RUNTIME, 'bag_has_key(): the key must be a name or a JSONPath of names ($.a.b)');
    return mapN('bool', args, ([bag, k]) => {
      const path = keyPath(toKqlString(k, kt));
      if (!path || !isBag(bag)) return false;
      return atJsonPath(bag, path) !== undefined;
    });
  },
};

function withoutPath(bag: Record<string, unknown>, path: string[]): Record<string, unknown> {
  const [head, ...rest] = path;
  if (!Object.prototype.hasOwnProperty.call(bag, head)) return bag;
  const copy = { ...bag };
  if (rest.length === 0) delete copy[head];
  else if (isBag(copy[head])) copy[head] = withoutPath(copy[head], rest);
  return copy;
}

/** bag_remove_keys(bag, keys): the bag without those keys (names or JSONPaths to nested keys). */
export const bagRemoveKeys: ScalarFunction = {
  names: ['bag_remove_keys'],
  compile: (args) =>
    mapN('dynamic', args, ([bag, keys]) => {
      if (!isBag(bag)) return null;
      if (!Array.isArray(keys)) return bag;
      let out = bag;
      for (const k of keys) {
        const path = typeof k === 'string' ? keyPath(k) : null;
        if (path) out = withoutPath(out, path);
      }
      return out;
    }),
};

import { errorAt, RUNTIME } from '../../errors.js';
import { matchesOf, regexArgument, type KqlRegex } from '../../regex/compile.js';
import { toKqlString } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** Group numbers from a captureGroups array (numbers or group names); a string describes a bad entry. */
function groupNumbers(spec: unknown, re: KqlRegex): number[] | string {
  if (!Array.isArray(spec) || spec.length === 0) return 'captureGroups must be a non-empty array';
  const out: number[] = [];
  for (const g of spec) {
    const n = typeof g === 'string' ? re.names.get(g) : typeof g === 'number' ? g : undefined;
    if (n === undefined || !Number.isInteger(n) || n < 1 || n > re.groups) return `capture group ${JSON.stringify(g)} does not exist in the regex`;
    out.push(n);
  }
  return out;
}

/**
 * extract_all(regex, [captureGroups,] source): every match; with one selected group an array of
 * its texts, with several an array of arrays. No match → null. A regex without groups yields the
 * whole matches (the reference asks for 1 to 16 groups; this is the natural reading of 0).
 */
export const extractAll: ScalarFunction = {
  names: ['extract_all', 'extractall'],
  compile: (args, call) => {
    const withGroups = args.length === 3;
    const pattern = args[0];
    const spec = withGroups ? args[1] : null;
    const source = args[args.length - 1];
    const regex = regexArgument(call.cx, call.argNodes[0], pattern);
    const fail = (message: string) => errorAt(call.cx.text, call.argNodes[withGroups ? 1 : 0].TextStart, RUNTIME, `extract_all(): ${message}`);
    const selection = (re: KqlRegex, s: unknown): number[] | string =>
      spec ? groupNumbers(s, re) : re.groups === 0 ? [0] : Array.from({ length: re.groups }, (_, k) => k + 1);
    if (pattern.constant && (!spec || spec.constant)) {
      const picked = selection(regex(pattern.constant.value), spec?.constant?.value);
      if (typeof picked === 'string') throw fail(picked);
    }
    const st = source.type;
    return mapN('dynamic', spec ? [pattern, spec, source] : [pattern, source], (values) => {
      const re = regex(values[0]);
      const picked = selection(re, spec ? values[1] : undefined);
      if (typeof picked === 'string') return null;
      const out: unknown[] = [];
      for (const m of matchesOf(re.all, toKqlString(values[values.length - 1], st))) {
        out.push(picked.length === 1 ? (m[picked[0]] ?? '') : picked.map((g) => m[g] ?? ''));
      }
      return out.length ? out : null;
    });
  },
};

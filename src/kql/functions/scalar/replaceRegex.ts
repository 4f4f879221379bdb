import { errorAt, RUNTIME } from '../../errors.js';
import { regexArgument, type KqlRegex } from '../../regex/compile.js';
import type { Scalar } from '../../compile/types.js';
import { toKqlString } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import type { ScalarCall, ScalarFunction } from '../types.js';

/** A rewrite pattern: text, and group numbers for \0 (whole match) .. \9; "\\" is a backslash. */
type Rewrite = (string | number)[];

function parseRewrite(text: string): Rewrite {
  const parts: Rewrite = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '\\' && next !== undefined && next >= '0' && next <= '9') {
      if (literal) parts.push(literal);
      literal = '';
      parts.push(Number(next));
      i++;
    } else if (c === '\\' && next === '\\') {
      literal += '\\';
      i++;
    } else literal += c;
  }
  if (literal) parts.push(literal);
  return parts;
}

function highestGroup(rewrite: Rewrite): number {
  return Math.max(0, ...rewrite.filter((p): p is number => typeof p === 'number'));
}

function replaceAll(re: KqlRegex, text: string, rewrite: Rewrite): string {
  return text.replace(re.all, (...m: unknown[]) => {
    let out = '';
    for (const part of rewrite) out += typeof part === 'string' ? part : ((m[part] as string | undefined) ?? '');
    return out;
  });
}

/** Shared by replace_regex(source, regex, rewrite) and the deprecated replace(regex, rewrite, source). */
function compileReplace(call: ScalarCall, source: Scalar, pattern: Scalar, rewrite: Scalar, order: [number, number, number]): Scalar {
  const [si, pi, ri] = order;
  const regex = regexArgument(call.cx, call.argNodes[pi], pattern);
  const rewrites = new Map<string, Rewrite>();
  const rewriteOf = (v: unknown): Rewrite => {
    const text = toKqlString(v, rewrite.type);
    let r = rewrites.get(text);
    if (!r) {
      if (rewrites.size > 512) rewrites.clear();
      r = parseRewrite(text);
      rewrites.set(text, r);
    }
    return r;
  };
  if (pattern.constant && rewrite.constant) {
    const groups = regex(pattern.constant.value).groups;
    const wanted = highestGroup(rewriteOf(rewrite.constant.value));
    if (wanted > groups)
      throw errorAt(call.cx.text, call.argNodes[ri].TextStart, RUNTIME, `the rewrite refers to group \\${wanted} but the regex has ${groups} groups`);
  }
  const st = source.type;
  const args: Scalar[] = [];
  args[si] = source;
  args[pi] = pattern;
  args[ri] = rewrite;
  return mapN('string', args, (values) => replaceAll(regex(values[pi]), toKqlString(values[si], st), rewriteOf(values[ri])));
}

/**
 * replace_regex(source, regex, rewrite): every non-overlapping match replaced; in the rewrite \0
 * is the whole match and \1..\9 the groups (KQL reference; `$1` is literal text).
 */
export const replaceRegex: ScalarFunction = {
  names: ['replace_regex'],
  compile: ([source, pattern, rewrite], call) => compileReplace(call, source, pattern, rewrite, [0, 1, 2]),
};

/** The deprecated replace(regex, rewrite, source): replace_regex with its arguments reordered. */
export const replace: ScalarFunction = {
  names: ['replace'],
  compile: ([pattern, rewrite, source], call) => compileReplace(call, source, pattern, rewrite, [2, 0, 1]),
};

import type { Scalar } from '../../compile/types.js';
import { regexArgument, type KqlRegex } from '../../regex/compile.js';
import { toKqlString } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import type { ScalarCall, ScalarFunction } from '../types.js';

/** Where the leading run of matches ends: matches are removed one after another while non-empty. */
function leadingEnd(re: KqlRegex, text: string): number {
  let at = 0;
  for (;;) {
    re.sticky.lastIndex = at;
    const m = re.sticky.exec(text);
    if (!m || m[0] === '') return at;
    at += m[0].length;
  }
}

const anchoredAtEnd = new WeakMap<KqlRegex, RegExp>();

/** Where the trailing run of matches starts. */
function trailingStart(re: KqlRegex, text: string): number {
  let atEnd = anchoredAtEnd.get(re);
  if (!atEnd) {
    atEnd = new RegExp(`(?:${re.first.source})$`, re.first.flags);
    anchoredAtEnd.set(re, atEnd);
  }
  let end = text.length;
  for (;;) {
    const m = atEnd.exec(text.slice(0, end));
    if (!m || m[0] === '') return end;
    end = m.index;
  }
}

function compileTrim(call: ScalarCall, pattern: Scalar, source: Scalar, start: boolean, end: boolean): Scalar {
  const regex = regexArgument(call.cx, call.argNodes[0], pattern);
  const st = source.type;
  return mapN('string', [pattern, source], ([p, s]) => {
    const re = regex(p);
    const text = toKqlString(s, st);
    const from = start ? leadingEnd(re, text) : 0;
    const rest = text.slice(from);
    return end ? rest.slice(0, trailingStart(re, rest)) : rest;
  });
}

/**
 * trim(regex, source): removes the matches of regex at the start and at the end of source, as
 * many as follow one another (trim("--", "----x--") is "x"). trim_start / trim_end: one side only.
 */
export const trim: ScalarFunction = {
  names: ['trim'],
  compile: ([pattern, source], call) => compileTrim(call, pattern, source, true, true),
};

export const trimStart: ScalarFunction = {
  names: ['trim_start'],
  compile: ([pattern, source], call) => compileTrim(call, pattern, source, true, false),
};

export const trimEnd: ScalarFunction = {
  names: ['trim_end'],
  compile: ([pattern, source], call) => compileTrim(call, pattern, source, false, true),
};

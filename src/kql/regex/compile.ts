import type { Compiler } from '../compile/compiler.js';
import type { Scalar } from '../compile/types.js';
import { errorAt, RUNTIME } from '../errors.js';
import type { KNode } from '../kusto.js';
import { toKqlString } from '../values/convert.js';
import { RegexError, translateRegex } from './translate.js';

/** A KQL regex compiled for JavaScript, in the three shapes the functions need. */
export interface KqlRegex {
  /** Finds the first match. */
  readonly first: RegExp;
  /** Global: every match in turn (set lastIndex to 0 before each scan). */
  readonly all: RegExp;
  /** Sticky: a match exactly at lastIndex. */
  readonly sticky: RegExp;
  readonly groups: number;
  readonly names: ReadonlyMap<string, number>;
}

/** Compiles a pattern; errors are positioned at `node` (the regex argument). */
export function compileRegex(cx: Compiler, node: KNode, pattern: string): KqlRegex {
  const shown = pattern.length > 80 ? `${pattern.slice(0, 77)}...` : pattern;
  try {
    const t = translateRegex(pattern);
    return {
      first: new RegExp(t.source, t.flags),
      all: new RegExp(t.source, `${t.flags}g`),
      sticky: new RegExp(t.source, `${t.flags}y`),
      groups: t.groups,
      names: t.names,
    };
  } catch (error) {
    if (error instanceof RegexError && error.unsupported) throw cx.unsupported(node, `regex ${JSON.stringify(shown)}: ${error.message}`);
    const why = error instanceof Error ? error.message : String(error);
    throw errorAt(cx.text, node.TextStart, RUNTIME, `invalid regular expression ${JSON.stringify(shown)}: ${why}`);
  }
}

const MAX_CACHED = 512;

/**
 * The regex of a pattern argument: compiled once at compile time when the pattern is a
 * constant (the usual case), else per distinct pattern with a bounded cache.
 */
export function regexArgument(cx: Compiler, node: KNode, pattern: Scalar): (value: unknown) => KqlRegex {
  if (pattern.constant) {
    const fixed = compileRegex(cx, node, toKqlString(pattern.constant.value, pattern.type));
    return () => fixed;
  }
  const cache = new Map<string, KqlRegex>();
  const type = pattern.type;
  return (value) => {
    const text = toKqlString(value, type);
    let re = cache.get(text);
    if (!re) {
      if (cache.size >= MAX_CACHED) cache.clear();
      re = compileRegex(cx, node, text);
      cache.set(text, re);
    }
    return re;
  };
}

/** Every match of a global regex in `text` (empty matches advance by one code point). */
export function* matchesOf(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === '') re.lastIndex += (text.codePointAt(re.lastIndex) ?? 0) > 0xffff ? 2 : 1;
    yield m;
    if (re.lastIndex > text.length) break;
  }
}

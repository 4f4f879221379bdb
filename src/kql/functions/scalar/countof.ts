import { errorAt, RUNTIME } from '../../errors.js';
import { matchesOf, regexArgument } from '../../regex/compile.js';
import { toKqlString } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** Plain occurrences may overlap (countof("aaaa", "aa") is 3); an empty search counts 0. */
function countPlain(text: string, search: string): number {
  if (search === '') return 0;
  let n = 0;
  for (let at = text.indexOf(search); at >= 0; at = text.indexOf(search, at + 1)) n++;
  return n;
}

/** countof(source, search [, kind]): kind "normal" (default) or "regex" (matches never overlap). */
export const countof: ScalarFunction = {
  names: ['countof'],
  compile: (args, call) => {
    const [st, qt] = [args[0].type, args[1].type];
    const kindArg = args[2];
    const kindNode = call.argNodes[2];
    if (kindArg && !kindArg.constant) throw call.cx.unsupported(kindNode, 'countof() with a kind that is not a constant');
    const kind = kindArg ? toKqlString(kindArg.constant!.value, kindArg.type).toLowerCase() : 'normal';
    if (kind !== 'normal' && kind !== 'regex')
      throw errorAt(call.cx.text, kindNode.TextStart, RUNTIME, `countof(): kind must be "normal" or "regex", not ${JSON.stringify(kind)}`);
    if (kind === 'normal') return mapN('long', args.slice(0, 2), ([s, q]) => countPlain(toKqlString(s, st), toKqlString(q, qt)));
    const regex = regexArgument(call.cx, call.argNodes[1], args[1]);
    return mapN('long', args.slice(0, 2), ([s, q]) => {
      let n = 0;
      for (const _ of matchesOf(regex(q).all, toKqlString(s, st))) n++;
      return n;
    });
  },
};

import { errorAt, RUNTIME } from '../../errors.js';
import { regexArgument } from '../../regex/compile.js';
import { fromInput, nullOf, toKqlString } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/**
 * extract(regex, captureGroup, source [, typeof(T)]): the group's text of the first match (0 =
 * the whole match), converted to T when given. No match, or a failed conversion, is null ("" for
 * string).
 */
export const extract: ScalarFunction = {
  names: ['extract'],
  compile: (args, call) => {
    const [pattern, group, source] = args;
    const type = call.resultType;
    const regex = regexArgument(call.cx, call.argNodes[0], pattern);
    const groupNode = call.argNodes[1];
    if (group.constant) {
      const g = group.constant.value;
      const groups = pattern.constant ? regex(pattern.constant.value).groups : Infinity;
      if (typeof g !== 'number' || g < 0 || g > groups)
        throw errorAt(call.cx.text, groupNode.TextStart, RUNTIME, `extract(): capture group ${String(g)} does not exist in the regex (it has ${groups})`);
    }
    const st = source.type;
    const none = nullOf(type);
    return mapN(type, [pattern, group, source], ([p, g, s]) => {
      if (typeof g !== 'number') return none;
      const m = regex(p).first.exec(toKqlString(s, st));
      const text = m?.[g];
      if (text === undefined) return none;
      return type === 'string' ? text : fromInput(text, type);
    });
  },
};

import type { KNode } from '../../kusto.js';
import { regexArgument } from '../../regex/compile.js';
import { toKqlString } from '../../values/convert.js';
import { constantNeedleTest, needleTests, type StringTest } from '../../values/stringMatch.js';
import type { Compiler } from '../compiler.js';
import { constantScalar, type Scalar } from '../types.js';
import { binary } from './binary.js';

export type { StringTest } from '../../values/stringMatch.js';

/** has/contains/startswith/endswith (+ prefix/suffix), their `!` negations and `_cs` variants. */
export function stringTest(l: Scalar, r: Scalar, test: StringTest, caseSensitive: boolean, negate: boolean): Scalar {
  const lt = l.type;
  const rt = r.type;
  if (r.constant) {
    const f = constantNeedleTest(toKqlString(r.constant.value, rt), test, caseSensitive);
    const g = lt === 'string' ? (v: unknown) => f(v as string) !== negate : (v: unknown) => f(toKqlString(v, lt)) !== negate;
    if (l.constant) return constantScalar('bool', g(l.constant.value));
    return {
      type: 'bool',
      bind: (frame) => {
        const fl = l.bind(frame);
        return (i) => g(fl(i));
      },
    };
  }
  const testFor = needleTests(test, caseSensitive);
  return binary('bool', l, r, (a, b) => testFor(toKqlString(b, rt))(toKqlString(a, lt)) !== negate);
}

/** `matches regex`: the pattern is compiled once when constant (see regex/translate.ts). */
export function matchesRegex(cx: Compiler, node: KNode, l: Scalar, r: Scalar): Scalar {
  const regex = regexArgument(cx, node, r);
  const lt = l.type;
  return binary('bool', l, r, (a, b) => regex(b).first.test(toKqlString(a, lt)));
}

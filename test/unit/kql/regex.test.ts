import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RegexError, translateRegex } from '../../../src/kql/regex/translate.js';

/** [KQL pattern, input, the first match (null: none)] */
const MATCHES: [string, string, string | null][] = [
  ['b.*k', 'Fabrikam', 'brik'],
  ['(?i)FAB', 'fabrikam', 'fab'],
  ['(?i)(?s)a.c', 'A\nC', 'A\nC'],
  ['^abc$', 'x\nabc', null],
  ['(?m)^abc$', 'x\nabc\ny', 'abc'],
  // Multi-line ^ and $ break only at \n, not at \r as JavaScript's would.
  ['(?m)^b', 'a\rb', null],
  ['a.c', 'a\nc', null],
  ['a.c', 'a\rc', 'a\rc'],
  ['(?s)a.c', 'a\nc', 'a\nc'],
  ['\\Aab\\z', 'ab', 'ab'],
  ['(?m)\\Aab', 'x\nab', null],
  // Perl classes are Unicode-aware (reference: \d is \p{Nd}, \s is \p{White_Space}).
  ['\\d+', 'x١٢3', '١٢3'],
  ['\\s', 'a\u00a0b', '\u00a0'],
  ['\\w+', 'héllo wörld', 'héllo'],
  ['\\bfoo\\b', 'a foo.', 'foo'],
  ['\\bfoo\\b', 'afoo', null],
  ['\\Bfoo', 'afoo', 'foo'],
  ['\\<foo\\>', 'x foo y', 'foo'],
  ['\\b{start}o', 'o', 'o'],
  // ASCII classes, class set operations, nesting and escapes in classes.
  ['[[:alpha:]]+', 'ab1', 'ab'],
  ['[[:^alpha:]]+', 'ab12', '12'],
  ['[[:xdigit:]]+', 'zzBEEF', 'BEEF'],
  ['[a-y&&xyz]+', 'zyx', 'yx'],
  ['[0-9--4]+', '345', '3'],
  ['[a-g~~b-h]+', 'ahc', 'ah'],
  ['[x[^xyz]]+', 'yax', 'ax'],
  ['[\\[\\]]+', 'a[]b', '[]'],
  ['[]a]+', 'x]a', ']a'],
  ['[a-]+', 'x-a', '-a'],
  ['[\\w.-]+@', 'mail: john.doe-x@corp', 'john.doe-x@'],
  ['[\\d\\s]+', 'a1 2b', '1 2'],
  ['[^\\W\\d]+', '12ab3', 'ab'],
  // Groups, names and flags.
  ['(?P<first>a)(?<second>b)', 'xab', 'ab'],
  ['(?:ab)+', 'ababa', 'abab'],
  ['(?U)a+', 'aaa', 'a'],
  ['(?U)a+?', 'aaa', 'aaa'],
  ['a(?s:.)b', 'a\nb', 'a\nb'],
  ['(?x) a b # comment\n c', 'abc', 'abc'],
  ['(?x)a\\ b', 'a b', 'a b'],
  // Literals and escapes.
  ['\\.exe$', 'x.exe', '.exe'],
  ['a{2}', 'aaa', 'aa'],
  ['a{2,}', 'aaaa', 'aaaa'],
  ['a{1,2}?', 'aa', 'a'],
  ['a{', 'a{', 'a{'],
  ['\\x41\\x{42}\\u0043\\U00000044\\u{45}', 'ABCDE', 'ABCDE'],
  ['\\101', 'A', 'A'],
  ['\\t\\a', '\t\u0007', '\t\u0007'],
  ['\\p{Greek}+', 'xαβ', 'αβ'],
  ['\\pL+', '1é2', 'é'],
  ['\\PL+', 'é12', '12'],
  ['[\\p{Greek}[:digit:]]+', 'xα5', 'α5'],
  ['\\p{Lu}', 'aB', 'B'],
  ['😀+', 'x😀😀', '😀😀'],
  ['[😀]', '😀', '😀'],
  ['a|b', 'b', 'b'],
  // Case-insensitivity switched part-way: the case-insensitive parts are spelled out.
  ['a(?i)b', 'aB', 'aB'],
  ['a(?i)b', 'AB', null],
  ['(?i)a(?-i)b', 'Ab', 'Ab'],
  ['(?i)a(?-i)b', 'AB', null],
  ['(a(?i)b)c', 'aBc', 'aBc'],
  ['(a(?i)b)c', 'aBC', null],
  ['x(?i:k)', 'x\u212A', 'x\u212A'],
  ['x(?i:[a-c]+)y', 'xAbCy', 'xAbCy'],
  ['x(?i:[^a-c])', 'xB', null],
  ['x(?i:[[:upper:]])', 'xq', 'xq'],
  ['x(?i:é)', 'xÉ', 'xÉ'],
  ['(\\s+-((?i)encod?e?d?c?o?m?m?a?n?d?|e|en|enc|ec)\\s)', 'ps -EncodedCommand x', ' -EncodedCommand '],
  ['$', 'ab', ''],
];

describe('KQL regex translated to JavaScript', () => {
  for (const [pattern, input, expected] of MATCHES) {
    it(`${JSON.stringify(pattern)} on ${JSON.stringify(input)}`, () => {
      const t = translateRegex(pattern);
      const m = new RegExp(t.source, t.flags).exec(input);
      assert.equal(m ? m[0] : null, expected);
    });
  }

  it('numbers named and plain groups by their opening parenthesis', () => {
    const t = translateRegex('(a)(?P<mid>b)(?:c)(?<last>d)');
    assert.equal(t.groups, 3);
    assert.deepEqual([...t.names], [['mid', 2], ['last', 3]]);
    const m = new RegExp(t.source, t.flags).exec('abcd');
    assert.deepEqual(m && [m[1], m[2], m[3]], ['a', 'b', 'd']);
  });

  const REJECTED: [string, string][] = [
    ['(?=a)', 'look-around'],
    ['(?<!a)b', 'look-around'],
    ['\\k<a>', 'unknown escape'],
    ['\\Q.\\E', 'unknown escape'],
    ['**', 'nothing to repeat'],
    ['(a', 'missing )'],
    ['a)', 'unopened )'],
    ['[a', 'missing ]'],
    ['[z-a]', 'out of order'],
    ['[[:nope:]]', 'unknown class'],
    ['\\x{110000}', 'invalid code point'],
    ['(?q)', 'unknown flag'],
    ['(?P<1a>x)', 'invalid group name'],
    ['(?P<a>x)(?P<a>y)', 'duplicate group name'],
  ];
  for (const [pattern, message] of REJECTED) {
    it(`rejects ${JSON.stringify(pattern)} as KQL does`, () => {
      assert.throws(() => translateRegex(pattern), (e: unknown) => e instanceof RegexError && !e.unsupported && e.message.includes(message));
    });
  }

  const UNSUPPORTED = ['[[",\\]]', '[a[]', '(?R)a', '(?-u:\\b)', '\\p{NoSuchClass}', 'x(?i:\\p{Lu})', 'x(?i:[\\u{100}-\\u{FFFF}])'];
  for (const pattern of UNSUPPORTED) {
    it(`reports ${JSON.stringify(pattern)} as not supported locally`, () => {
      assert.throws(() => translateRegex(pattern), (e: unknown) => e instanceof RegexError && e.unsupported);
    });
  }
});

/**
 * KQL regular expressions (the syntax on the KQL reference's "Regex syntax" page: RE2 style, with
 * Unicode-aware \d \s \w \b, class set operations and inline flags) translated to an equivalent
 * JavaScript RegExp source for the `v` (unicodeSets) flag. JavaScript's own \d \s \w \b, `.` and
 * multi-line ^ $ mean different things, so every such construct is spelled out explicitly.
 * Anything with no exact JavaScript equivalent throws RegexError with `unsupported` set; a
 * pattern KQL itself rejects throws RegexError without it.
 */

export class RegexError extends Error {
  constructor(
    message: string,
    /** True when the pattern is valid KQL that this translation cannot express. */
    readonly unsupported: boolean,
  ) {
    super(message);
    this.name = 'RegexError';
  }
}

export interface TranslatedRegex {
  readonly source: string;
  /** 'v', plus 'i' when the whole pattern is case-insensitive. */
  readonly flags: string;
  /** Number of capture groups (named groups are numbered too, by their opening parenthesis). */
  readonly groups: number;
  /** Named groups → their number. */
  readonly names: ReadonlyMap<string, number>;
}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  x: boolean;
  U: boolean;
}

/** \w as the reference defines it: Alphabetic + M + Nd + Pc + Join_Control. */
const WORD = '[\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}]';
const NOT_WORD = '[^\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}]';
const ANY = '[\\u{0}-\\u{10FFFF}]';
const WORD_BOUNDARY = `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`;
const NOT_WORD_BOUNDARY = `(?:(?<=${WORD})(?=${WORD})|(?<!${WORD})(?!${WORD}))`;
const WORD_START = `(?<!${WORD})(?=${WORD})`;
const WORD_END = `(?<=${WORD})(?!${WORD})`;

/** [[:name:]] classes (ASCII), as code point ranges. */
const POSIX: Record<string, [number, number][]> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0, 0x7f]],
  blank: [[9, 9], [0x20, 0x20]],
  cntrl: [[0, 0x1f], [0x7f, 0x7f]],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[9, 0xd], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  word: [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]],
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};

/**
 * Characters that fold together beyond toLowerCase/toUpperCase (Unicode simple case folding:
 * the Kelvin sign is a k, the long s an s, ...). Every candidate is checked against JavaScript's
 * own case-insensitive matching, so this table can only add true partners.
 */
const FOLD_PARTNERS: number[][] = [
  [0x4b, 0x6b, 0x212a], [0x53, 0x73, 0x17f], [0xc5, 0xe5, 0x212b], [0xdf, 0x1e9e], [0x3a3, 0x3c2, 0x3c3],
  [0xb5, 0x39c, 0x3bc], [0x398, 0x3b8, 0x3d1, 0x3f4], [0x392, 0x3b2, 0x3d0], [0x395, 0x3b5, 0x3f5],
  [0x39a, 0x3ba, 0x3f0], [0x3a0, 0x3c0, 0x3d6], [0x3a1, 0x3c1, 0x3f1], [0x3a6, 0x3c6, 0x3d5],
  [0x345, 0x399, 0x3b9, 0x1fbe], [0x1e60, 0x1e61, 0x1e9b], [0x3a9, 0x3c9, 0x2126],
  [0x412, 0x432, 0x1c80], [0x414, 0x434, 0x1c81], [0x41e, 0x43e, 0x1c82], [0x421, 0x441, 0x1c83],
  [0x422, 0x442, 0x1c84, 0x1c85], [0x42a, 0x44a, 0x1c86], [0x462, 0x463, 0x1c87], [0xa64a, 0xa64b, 0x1c88],
];
const PARTNERS = new Map<number, number[]>();
for (const group of FOLD_PARTNERS) for (const cp of group) PARTNERS.set(cp, group);

const closureCache = new Map<number, number[]>();

/** The code points a case-insensitive match of cp accepts (cp included). */
function caseClosure(cp: number): number[] {
  let out = closureCache.get(cp);
  if (out) return out;
  const c = String.fromCodePoint(cp);
  const candidates = new Set<number>([cp, ...(PARTNERS.get(cp) ?? [])]);
  for (const v of [c.toLowerCase(), c.toUpperCase(), c.toLowerCase().toUpperCase(), c.toUpperCase().toLowerCase()]) {
    if ([...v].length === 1) {
      const x = v.codePointAt(0)!;
      candidates.add(x);
      for (const p of PARTNERS.get(x) ?? []) candidates.add(p);
    }
  }
  const same = new RegExp(`^${literal(cp)}$`, 'iv');
  out = [...candidates].filter((x) => same.test(String.fromCodePoint(x))).sort((a, b) => a - b);
  closureCache.set(cp, out);
  return out;
}

/** Unicode classes that are not closed under case folding (\p{Lu} alone has no "a"). */
const CASED_PROPERTIES = /^(?:lu|ll|lt|lc|uppercaseletter|lowercaseletter|titlecaseletter|casedletter|uppercase|lowercase|upper|lower|titlecase|cased|changeswhen\w*|gc=(?:lu|ll|lt|lc))$/;

/** A case-insensitive class range larger than this is not expanded (see rangeItems). */
const MAX_FOLDED_RANGE = 1024;

/** Thrown inside the translator when a pattern switches case-insensitivity part-way. */
class NeedsScopedCase extends Error {}

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };

function isAsciiAlnum(c: string): boolean {
  return /^[0-9A-Za-z]$/.test(c);
}

/** A code point as something that means exactly that character anywhere in a v-mode pattern. */
function literal(cp: number): string {
  const c = String.fromCodePoint(cp);
  return isAsciiAlnum(c) ? c : `\\u{${cp.toString(16)}}`;
}

const propertyCache = new Map<string, string | null>();

function canCompile(source: string): boolean {
  try {
    new RegExp(source, 'v');
    return true;
  } catch {
    return false;
  }
}

/** \p{name} → a v-mode escape or class; null when JavaScript knows no such property. */
function unicodeProperty(name: string, negated: boolean): string | null {
  const lower = name.toLowerCase().replace(/[\s_-]/g, '');
  if (lower === 'any') return negated ? '[]' : ANY;
  if (lower === 'ascii') return negated ? '[^\\u{0}-\\u{7F}]' : '[\\u{0}-\\u{7F}]';
  let body = propertyCache.get(name);
  if (body === undefined) {
    body = null;
    const eq = name.indexOf('=');
    const candidates =
      eq >= 0
        ? [`${expandKey(name.slice(0, eq))}=${name.slice(eq + 1)}`]
        : [name, `Script_Extensions=${name}`, capitalized(name), `Script_Extensions=${capitalized(name)}`];
    for (const c of candidates) {
      if (canCompile(`\\p{${c}}`)) {
        body = c;
        break;
      }
    }
    propertyCache.set(name, body);
  }
  return body === null ? null : `\\${negated ? 'P' : 'p'}{${body}}`;
}

function expandKey(key: string): string {
  const k = key.trim().toLowerCase();
  return k === 'sc' || k === 'script' ? 'Script' : k === 'scx' ? 'Script_Extensions' : k === 'gc' ? 'General_Category' : key;
}

function capitalized(name: string): string {
  return name
    .split(/[\s_-]+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join('_');
}

class Translator {
  private i = 0;
  private out = '';
  private groups = 0;
  private readonly names = new Map<string, number>();
  private flags: Flags = { i: false, m: false, s: false, x: false, U: false };
  private readonly stack: Flags[] = [];
  /** Whether the class being read opened a nested class ('[' inside it, not '[:'). */
  private nested = false;
  /** The case-insensitivity of the whole pattern (JavaScript cannot switch it part-way). */
  private caseless = false;
  /** Set once anything but leading flag groups has been read. */
  private started = false;
  /** Whether the last thing emitted can take a quantifier. */
  private quantifiable = false;

  /**
   * Set when case-insensitivity changes part-way through the pattern: JavaScript's `i` flag is
   * all or nothing, so case-insensitive parts are spelled out as classes of case variants.
   */
  constructor(
    private readonly p: string,
    private readonly scopedCase: boolean,
  ) {}

  run(): TranslatedRegex {
    const p = this.p;
    while (this.i < p.length) this.atom();
    if (this.stack.length) throw new RegexError('missing )', false);
    return { source: this.out, flags: this.caseless ? 'iv' : 'v', groups: this.groups, names: this.names };
  }

  private fail(message: string, unsupported = false): never {
    throw new RegexError(message, unsupported);
  }

  private emit(s: string, quantifiable: boolean): void {
    this.out += s;
    this.quantifiable = quantifiable;
    this.started = true;
  }

  private atom(): void {
    const p = this.p;
    const c = p[this.i];
    if (this.flags.x && /\s/.test(c)) {
      this.i++;
      return;
    }
    if (this.flags.x && c === '#') {
      while (this.i < p.length && p[this.i] !== '\n') this.i++;
      return;
    }
    switch (c) {
      case '\\':
        this.i++;
        this.emit(...this.escape());
        return;
      case '[':
        this.nested = false;
        try {
          this.emit(this.characterClass(), true);
        } catch (error) {
          // RE2 reads a '[' inside a class as the character, the reference's syntax as a nested
          // class: a published hunt's [[",\]] is valid for the one and unclosed for the other.
          if (error instanceof RegexError && !error.unsupported && error.message === 'missing ]' && this.nested) {
            this.fail("a '[' inside a class that does not open a closed nested class (write \\[ for the character)", true);
          }
          throw error;
        }
        return;
      case '(':
        this.openGroup();
        return;
      case ')':
        if (!this.stack.length) this.fail('unopened )');
        this.flags = this.stack.pop()!;
        this.i++;
        this.emit(')', true);
        return;
      case '|':
        this.i++;
        this.emit('|', false);
        return;
      case '.':
        this.i++;
        this.emit(this.flags.s ? ANY : '[^\\n]', true);
        return;
      case '^':
        this.i++;
        // JavaScript's multi-line ^ and $ also break at \r, U+2028 and U+2029; KQL's only at \n.
        this.emit(this.flags.m ? '(?<![^\\n])' : '^', false);
        return;
      case '$':
        this.i++;
        this.emit(this.flags.m ? '(?![^\\n])' : '$', false);
        return;
      case '*':
      case '+':
      case '?':
        this.i++;
        this.quantifier(c);
        return;
      case '{': {
        const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(p.slice(this.i));
        if (m) {
          this.i += m[0].length;
          this.quantifier(m[0]);
          return;
        }
        this.i++;
        this.emit(literal(0x7b), true);
        return;
      }
      default: {
        const cp = p.codePointAt(this.i)!;
        this.i += cp > 0xffff ? 2 : 1;
        this.emit(this.char(cp), true);
      }
    }
  }

  private quantifier(q: string): void {
    if (!this.quantifiable) this.fail(`repetition '${q}' has nothing to repeat`);
    let lazy = false;
    if (this.p[this.i] === '?') {
      lazy = true;
      this.i++;
    }
    if (this.flags.U) lazy = !lazy;
    this.out += q + (lazy ? '?' : '');
    // A quantified atom cannot be quantified again (KQL rejects "a**").
    this.quantifiable = false;
  }

  private openGroup(): void {
    const p = this.p;
    this.i++;
    const saved = { ...this.flags };
    if (p[this.i] !== '?') {
      this.groups++;
      this.stack.push(saved);
      this.emit('(', false);
      return;
    }
    const rest = p.slice(this.i);
    const named = /^\?P?<([^>]*)>/.exec(rest);
    if (named && !rest.startsWith('?<=') && !rest.startsWith('?<!')) {
      const name = named[1];
      if (!/^[\p{Alphabetic}_][\p{Alphabetic}\p{Nd}\p{Nl}\p{No}_.[\]]*$/u.test(name)) this.fail(`invalid group name '${name}'`);
      if (this.names.has(name)) this.fail(`duplicate group name '${name}'`);
      this.groups++;
      this.names.set(name, this.groups);
      this.i += named[0].length;
      this.stack.push(saved);
      this.emit('(', false);
      return;
    }
    if (/^\?(?:=|!|<=|<!)/.test(rest)) this.fail('look-around assertions are not part of KQL regex syntax');
    const flagGroup = /^\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(rest);
    if (!flagGroup) this.fail(`unknown group syntax '(${rest.slice(0, 3)}'`);
    const [whole, on, off = '', end] = flagGroup;
    const next = { ...this.flags };
    for (const [letters, value] of [
      [on, true],
      [off, false],
    ] as const) {
      for (const f of letters) {
        if (f === 'i' || f === 'm' || f === 's' || f === 'x' || f === 'U') next[f] = value;
        else if (f === 'u') {
          if (!value) this.fail('the flag (?-u) (no Unicode)', true);
        } else if (f === 'R') this.fail('the flag R (CRLF mode)', true);
        else this.fail(`unknown flag '${f}'`);
      }
    }
    if (next.i !== this.flags.i && !this.scopedCase) {
      // A leading (?i) is JavaScript's `i` flag; any other change needs the scoped translation.
      if (end === ')' && !this.started && !this.stack.length) this.caseless = next.i;
      else throw new NeedsScopedCase();
    }
    this.i += whole.length;
    if (end === ')') {
      this.flags = next;
      return;
    }
    this.stack.push(saved);
    this.flags = next;
    this.emit('(?:', false);
  }

  private hex(digits: string, what: string): number {
    if (!/^[0-9a-fA-F]+$/.test(digits)) this.fail(`invalid hex escape ${what}`);
    const cp = parseInt(digits, 16);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) this.fail(`invalid code point ${what}`);
    return cp;
  }

  /** A \x / \u / \U escape after its letter: fixed width or {hex}. */
  private hexEscape(letter: string, width: number): number {
    const p = this.p;
    if (p[this.i] === '{') {
      const close = p.indexOf('}', this.i);
      if (close < 0) this.fail(`unterminated \\${letter}{`);
      const digits = p.slice(this.i + 1, close);
      this.i = close + 1;
      return this.hex(digits, `\\${letter}{${digits}}`);
    }
    const digits = p.slice(this.i, this.i + width);
    if (digits.length < width) this.fail(`\\${letter} needs ${width} hex digits`);
    this.i += width;
    return this.hex(digits, `\\${letter}${digits}`);
  }

  /**
   * An escape after its backslash. Returns a code point for single characters (classes need
   * them for ranges) or the JavaScript text of a class/assertion, and whether it is quantifiable.
   */
  private escapeValue(inClass: boolean): number | { text: string; assertion: boolean } {
    const p = this.p;
    if (this.i >= p.length) this.fail('trailing backslash');
    const c = p[this.i++];
    if (c in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[c];
    switch (c) {
      case 'd':
        return { text: '\\p{Nd}', assertion: false };
      case 'D':
        return { text: '\\P{Nd}', assertion: false };
      case 's':
        return { text: '\\p{White_Space}', assertion: false };
      case 'S':
        return { text: '\\P{White_Space}', assertion: false };
      case 'w':
        return { text: WORD, assertion: false };
      case 'W':
        return { text: NOT_WORD, assertion: false };
      case 'x':
        return this.hexEscape('x', 2);
      case 'u':
        return this.hexEscape('u', 4);
      case 'U':
        return this.hexEscape('U', 8);
      case 'p':
      case 'P': {
        let name: string;
        if (p[this.i] === '{') {
          const close = p.indexOf('}', this.i);
          if (close < 0) this.fail(`unterminated \\${c}{`);
          name = p.slice(this.i + 1, close);
          this.i = close + 1;
        } else {
          if (this.i >= p.length) this.fail(`\\${c} needs a class name`);
          name = p[this.i++];
        }
        const text = unicodeProperty(name, c === 'P');
        if (text === null) this.fail(`the Unicode class \\${c}{${name}}`, true);
        if (this.folding && CASED_PROPERTIES.test(name.toLowerCase().replace(/[\s_-]/g, '')))
          this.fail(`the cased Unicode class \\${c}{${name}} in a case-insensitive part of a pattern`, true);
        return { text, assertion: false };
      }
    }
    if (c >= '0' && c <= '7') {
      let digits = c;
      while (digits.length < 3 && this.p[this.i] >= '0' && this.p[this.i] <= '7') digits += this.p[this.i++];
      return parseInt(digits, 8);
    }
    if (!inClass) {
      switch (c) {
        case 'A':
          return { text: this.flags.m ? '(?<![^])' : '^', assertion: true };
        case 'z':
          return { text: this.flags.m ? '(?![^])' : '$', assertion: true };
        case 'b': {
          const m = /^\{(start|end|start-half|end-half)\}/.exec(p.slice(this.i));
          if (!m) return { text: WORD_BOUNDARY, assertion: true };
          this.i += m[0].length;
          const kind = m[1];
          const text =
            kind === 'start' ? WORD_START : kind === 'end' ? WORD_END : kind === 'start-half' ? `(?<!${WORD})` : `(?!${WORD})`;
          return { text, assertion: true };
        }
        case 'B':
          return { text: NOT_WORD_BOUNDARY, assertion: true };
        case '<':
          return { text: WORD_START, assertion: true };
        case '>':
          return { text: WORD_END, assertion: true };
      }
    }
    const cp = c.codePointAt(0)!;
    // Any escaped ASCII punctuation (and space) is that character.
    if (cp < 128 && !isAsciiAlnum(c) && c !== '<' && c !== '>') return cp;
    return this.fail(`unknown escape \\${c}`);
  }

  private escape(): [string, boolean] {
    const v = this.escapeValue(false);
    if (typeof v === 'number') return [this.char(v), true];
    return [v.text, !v.assertion];
  }

  /** Whether the current scope is case-insensitive by spelling out case variants. */
  private get folding(): boolean {
    return this.scopedCase && this.flags.i;
  }

  /** One character outside a class: itself, or in a case-insensitive scope a class of its case variants. */
  private char(cp: number): string {
    if (!this.folding) return literal(cp);
    const all = caseClosure(cp);
    return all.length === 1 ? literal(cp) : `[${all.map(literal).join('')}]`;
  }

  /** Class items for the range from..to, with case variants in a case-insensitive scope. */
  private rangeItems(from: number, to: number): string[] {
    if (!this.folding) return [from === to ? literal(from) : `${literal(from)}-${literal(to)}`];
    if (to - from > MAX_FOLDED_RANGE) this.fail(`a case-insensitive class range of more than ${MAX_FOLDED_RANGE} characters`, true);
    const out = new Set<string>();
    for (let cp = from; cp <= to; cp++) for (const x of caseClosure(cp)) out.add(literal(x));
    return [...out];
  }

  /**
   * A bracketed class from its '[' to its ']', as a v-mode class. Union binds tighter than the
   * set operators (&&, --, ~~), which apply left to right; negation applies to the whole.
   */
  private characterClass(): string {
    const p = this.p;
    this.i++; // [
    let negated = false;
    if (p[this.i] === '^') {
      negated = true;
      this.i++;
    }
    const operands: string[] = [];
    const operators: string[] = [];
    let items: string[] = [];
    let first = true;
    const skipSpace = () => {
      while (this.flags.x && this.i < p.length && /\s/.test(p[this.i])) this.i++;
    };
    for (;;) {
      skipSpace();
      if (this.i >= p.length) this.fail('missing ]');
      const c = p[this.i];
      if (c === ']' && !first) {
        this.i++;
        break;
      }
      first = false;
      const op = p.slice(this.i, this.i + 2);
      if ((op === '&&' || op === '--' || op === '~~') && items.length > 0) {
        this.i += 2;
        operands.push(`[${items.join('')}]`);
        operators.push(op);
        items = [];
        continue;
      }
      if (c === '[') {
        const posix = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(this.i));
        if (posix) {
          const ranges = POSIX[posix[2]];
          if (!ranges) this.fail(`unknown class [:${posix[2]}:]`);
          this.i += posix[0].length;
          items.push(`[${posix[1] ? '^' : ''}${ranges.flatMap(([a, b]) => this.rangeItems(a, b)).join('')}]`);
        } else {
          this.nested = true;
          items.push(this.characterClass());
        }
        continue;
      }
      const start = this.classChar();
      if (typeof start !== 'number') {
        items.push(start);
        continue;
      }
      // A range a-b (a '-' before ']' or before another '-' is a literal).
      if (p[this.i] === '-' && p[this.i + 1] !== ']' && p[this.i + 1] !== '-' && this.i + 1 < p.length) {
        this.i++;
        skipSpace();
        const end = this.classChar();
        if (typeof end !== 'number') this.fail('a class range must end with a single character');
        if (end < start) this.fail('class range out of order');
        items.push(...this.rangeItems(start, end));
        continue;
      }
      items.push(...this.rangeItems(start, start));
    }
    let set = `[${items.join('')}]`;
    if (operators.length) {
      let acc = operands[0];
      const rest = [...operands.slice(1), set];
      operators.forEach((op, k) => {
        const b = rest[k];
        acc = op === '~~' ? `[[${acc}--${b}][${b}--${acc}]]` : `[${acc}${op}${b}]`;
      });
      set = acc;
    }
    return negated ? `[^${set}]` : set;
  }

  /** One class member that is a character (code point) or a class escape (v-mode text). */
  private classChar(): number | string {
    const p = this.p;
    if (p[this.i] === '\\') {
      this.i++;
      const v = this.escapeValue(true);
      return typeof v === 'number' ? v : v.text;
    }
    const cp = p.codePointAt(this.i)!;
    this.i += cp > 0xffff ? 2 : 1;
    return cp;
  }
}

/** Translates a KQL regular expression; throws RegexError. */
export function translateRegex(pattern: string): TranslatedRegex {
  try {
    return new Translator(pattern, false).run();
  } catch (error) {
    if (!(error instanceof NeedsScopedCase)) throw error;
    return new Translator(pattern, true).run();
  }
}

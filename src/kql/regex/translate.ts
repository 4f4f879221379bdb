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

/** [[:name:]] classes (ASCII), as nested v-mode classes without the brackets. */
const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\u{0}-\\u{7F}',
  blank: '\\u{9}\\u{20}',
  cntrl: '\\u{0}-\\u{1F}\\u{7F}',
  digit: '0-9',
  graph: '\\u{21}-\\u{7E}',
  lower: 'a-z',
  print: '\\u{20}-\\u{7E}',
  punct: '\\u{21}-\\u{2F}\\u{3A}-\\u{40}\\u{5B}-\\u{60}\\u{7B}-\\u{7E}',
  space: '\\u{9}-\\u{D}\\u{20}',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

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
  /** The case-insensitivity of the whole pattern (JavaScript cannot switch it part-way). */
  private caseless = false;
  /** Set once anything but leading flag groups has been read. */
  private started = false;
  /** Whether the last thing emitted can take a quantifier. */
  private quantifiable = false;

  constructor(private readonly p: string) {}

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
        this.emit(this.characterClass(), true);
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
        this.emit(literal(cp), true);
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
    if (next.i !== this.flags.i) {
      // JavaScript has no scoped case-insensitivity: only a leading (?i) for the whole pattern.
      if (end === ')' && !this.started && !this.stack.length) this.caseless = next.i;
      else this.fail('changing case-insensitivity part-way through a pattern', true);
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
    if (typeof v === 'number') return [literal(v), true];
    return [v.text, !v.assertion];
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
          const body = POSIX[posix[2]];
          if (!body) this.fail(`unknown class [:${posix[2]}:]`);
          this.i += posix[0].length;
          items.push(`[${posix[1] ? '^' : ''}${body}]`);
        } else items.push(this.characterClass());
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
        items.push(`${literal(start)}-${literal(end)}`);
        continue;
      }
      items.push(literal(start));
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
  return new Translator(pattern).run();
}

import { escapeRegex, termRegex } from './terms.js';

/** The string operators that take a needle: has, contains, startswith, ... (their _cs and ! forms). */
export type StringTest = 'has' | 'contains' | 'startswith' | 'endswith' | 'hasprefix' | 'hassuffix';

/**
 * The test against a needle known at compile time, on the row's original text (no per-row
 * lower-casing of whole values): regexes for the term operators and case-insensitive contains,
 * a character comparison for startswith/endswith. Case-insensitive means the `i` flag of a
 * non-Unicode regex: characters fold one by one and a non-ASCII character never equals an
 * ASCII one (as with .NET's ordinal ignore-case comparison), everywhere alike.
 */
export function constantNeedleTest(needle: string, test: StringTest, caseSensitive: boolean): (hay: string) => boolean {
  switch (test) {
    case 'has':
    case 'hasprefix':
    case 'hassuffix': {
      const re = termRegex([needle], caseSensitive, test === 'hasprefix', test === 'hassuffix');
      return (h) => re.test(h);
    }
    case 'contains': {
      if (caseSensitive) return (h) => h.includes(needle);
      const re = new RegExp(escapeRegex(needle), 'i');
      return (h) => re.test(h);
    }
    case 'startswith':
    case 'endswith': {
      const start = test === 'startswith';
      if (caseSensitive) return start ? (h) => h.startsWith(needle) : (h) => h.endsWith(needle);
      const n = needle.length;
      if (/^[\u0000-\u007f]*$/.test(needle)) {
        const lower = needle.toLowerCase();
        return start ? (h) => h.length >= n && asciiFoldedAt(h, 0, lower) : (h) => h.length >= n && asciiFoldedAt(h, h.length - n, lower);
      }
      const re = new RegExp(start ? `^${escapeRegex(needle)}` : `${escapeRegex(needle)}$`, 'i');
      return (h) => re.test(h);
    }
  }
}

/** Needle tests by needle text, for needles that vary per row (bounded: they are regexes). */
export function needleTests(test: StringTest, caseSensitive: boolean): (needle: string) => (hay: string) => boolean {
  const cache = new Map<string, (hay: string) => boolean>();
  return (needle) => {
    let f = cache.get(needle);
    if (!f) {
      if (cache.size >= 1024) cache.clear();
      f = constantNeedleTest(needle, test, caseSensitive);
      cache.set(needle, f);
    }
    return f;
  };
}

/** Whether hay at `at` equals an ASCII lower-case needle, folding only A-Z in hay. */
function asciiFoldedAt(hay: string, at: number, lowerNeedle: string): boolean {
  for (let k = 0; k < lowerNeedle.length; k++) {
    let c = hay.charCodeAt(at + k);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lowerNeedle.charCodeAt(k)) return false;
  }
  return true;
}

const ASCII_ONLY = /^[\u0000-\u007f]*$/;

/**
 * A case-folded key for =~, in~ and friends, folding exactly as the case-insensitive operators
 * above: per UTF-16 unit, to upper case, except that a unit that would change length or turn a
 * non-ASCII character into an ASCII one stays as it is.
 */
export function foldCase(s: string): string {
  if (ASCII_ONLY.test(s)) return s.toUpperCase();
  let out = '';
  for (let k = 0; k < s.length; k++) {
    const c = s[k];
    const u = c.toUpperCase();
    out += u.length !== 1 || (c.charCodeAt(0) >= 128 && u.charCodeAt(0) < 128) ? c : u;
  }
  return out;
}

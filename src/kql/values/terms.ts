/** Kusto's string terms, which `has` and its relatives match. */

/**
 * A term character. Kusto breaks a string into terms, the maximal runs of ASCII alphanumerics
 * (KQL reference, "String operators": what is a term); every other character separates terms.
 */
export function isTermChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

const TERM_CHAR = '[0-9A-Za-z]';

/** A needle as regex source text (no Unicode flag: any other character is literal after escaping). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * `has` on terms as a regex: the needle occurs in hay, and where the needle itself starts (ends)
 * with a term character the occurrence must start (end) a term of hay. For a plain word that is
 * "a whole term"; for "evil.exe" it is the terms evil, exe adjacent around a dot; a needle of
 * separators only (".") is a plain substring test. hasprefix drops the end check, hassuffix the
 * start check. Exact for any needle length (Kusto's index only covers terms of 3+ characters;
 * its scan fallback gives the same answers).
 */
export function termSource(needle: string, prefixOnly: boolean, suffixOnly: boolean): string {
  if (needle === '') return '';
  const start = !suffixOnly && isTermChar(needle.charCodeAt(0)) ? `(?<!${TERM_CHAR})` : '';
  const end = !prefixOnly && isTermChar(needle.charCodeAt(needle.length - 1)) ? `(?!${TERM_CHAR})` : '';
  return `${start}${escapeRegex(needle)}${end}`;
}

/** One regex matching where any of the needles occurs as `has` would find it (case folding: see stringMatch.ts). */
export function termRegex(needles: readonly string[], caseSensitive: boolean, prefixOnly = false, suffixOnly = false): RegExp {
  const alternatives = needles.map((n) => termSource(n, prefixOnly, suffixOnly));
  return new RegExp(alternatives.length ? alternatives.map((a) => `(?:${a})`).join('|') : '(?!)', caseSensitive ? '' : 'i');
}

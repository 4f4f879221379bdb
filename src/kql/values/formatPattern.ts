/** One piece of a format_datetime()/format_timespan() pattern: a run of one letter, or literal text. */
export type PatternToken = { letter: string; count: number } | { literal: string };

/**
 * Splits a .NET-style custom format ("yy-MM-dd [HH:mm:ss]") into runs of the same letter and
 * literal text. Quotes, backslashes and '%' (escapes in .NET, not among Kusto's documented
 * delimiters) are returned as `{ unsupported }` so the caller can refuse the pattern.
 */
export function tokenizePattern(format: string): PatternToken[] | { unsupported: string } {
  const tokens: PatternToken[] = [];
  let i = 0;
  while (i < format.length) {
    const ch = format[i];
    if (/[A-Za-z]/.test(ch)) {
      let j = i + 1;
      while (j < format.length && format[j] === ch) j++;
      tokens.push({ letter: ch, count: j - i });
      i = j;
    } else if (ch === "'" || ch === '"' || ch === '\\' || ch === '%') {
      return { unsupported: ch };
    } else {
      const last = tokens[tokens.length - 1];
      if (last && 'literal' in last) last.literal += ch;
      else tokens.push({ literal: ch });
      i++;
    }
  }
  return tokens;
}

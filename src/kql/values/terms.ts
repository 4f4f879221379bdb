/** Kusto's string terms, which `has` and its relatives match. */

/**
 * A term character. Kusto breaks a string into terms, the maximal runs of ASCII alphanumerics
 * (KQL reference, "String operators": what is a term); every other character separates terms.
 */
export function isTermChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * `has` on terms: needle occurs in hay, and where the needle itself starts (ends) with a term
 * character the occurrence must start (end) a term of hay. For a plain word that is "a whole
 * term"; for "evil.exe" it is the terms evil, exe adjacent around a dot; a needle of separators
 * only (".") is a plain substring test. hasprefix drops the end check, hassuffix the start check.
 * Exact for any needle length (Kusto's index only covers terms of 3+ characters; its scan fallback
 * gives the same answers).
 */
export function hasTerm(hay: string, needle: string, prefixOnly: boolean, suffixOnly: boolean): boolean {
  if (needle.length === 0) return true;
  const checkStart = !suffixOnly && isTermChar(needle.charCodeAt(0));
  const checkEnd = !prefixOnly && isTermChar(needle.charCodeAt(needle.length - 1));
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
    const end = at + needle.length;
    if (checkStart && at > 0 && isTermChar(hay.charCodeAt(at - 1))) continue;
    if (checkEnd && end < hay.length && isTermChar(hay.charCodeAt(end))) continue;
    return true;
  }
  return false;
}

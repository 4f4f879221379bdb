/**
 * Escaping for values that came from telemetry. Every finding's title, key and row is attacker-controlled:
 * a file name, URL or command line can carry Markdown that turns into a link, bidi overrides that reverse
 * what an analyst reads, or terminal escapes that rewrite a console. Each medium gets its own function.
 * JSON (the webhook, log lines) keeps every value as it is, because JSON encoding is already the escape
 * there; inertJson only writes the characters a viewer would hide as \uXXXX.
 */

// Characters that change what text looks like without being text. Every Unicode Default_Ignorable_Code_Point
// (soft hyphen, zero-width joiners and spaces, bidi marks, embeddings, overrides and isolates, word joiner and
// invisible operators, variation selectors, tags, Hangul fillers, the BOM, ...) renders as nothing, and URL
// parsers drop several of them from a host (UTS #46 maps them to nothing): `https://evil\u00AD.com` opens
// evil.com. Every other format character (Cf) hides or reshapes text too, and the line and paragraph
// separators break lines where the text shows none. All of them are shown, never silently removed: the
// analyst sees the evidence, and `<U+00AD>` is text no parser or linkifier reads as part of a host.
const HIDDEN_CLASS = '[\\p{Default_Ignorable_Code_Point}\\p{Cf}\\u2028\\u2029]';
const HIDDEN = new RegExp(HIDDEN_CLASS, 'gu');
// C0 (bar tab/CR/LF, handled by each caller), DEL, C1.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// A lone surrogate cannot be encoded (UTF-8 turns it into U+FFFD anyway); say so where it happens.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// How revealHidden writes a code point; defang reads it as part of the label it stands in.
const SHOWN_CODE_POINT = '<U\\+[0-9A-F]{4,6}>';

function codePointName(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Makes invisible, format and control characters visible as `<U+202E>`; line breaks are left to the caller. */
export function revealHidden(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(HIDDEN, (ch) => `<${codePointName(ch)}>`)
    .replace(CONTROL, (ch) => `<${codePointName(ch)}>`);
}

// ---------------------------------------------------------------------------------------------------------
// defang

/*
 * The rule:
 *  1. `http://`, `https://`, `ftp://`, `ftps://` become `hxxp://`, `hxxps://`, `fxp://`, `fxps://` wherever
 *     they stand (case kept). After any `scheme://`, every dot of the authority (up to `/ ? # \\` or space)
 *     becomes `[.]`. The path is left alone except as rule 2 finds in it.
 *  2. A dotted name (labels of letters, digits, `-`, `_`, joined by `.` or the ideographic dots that IDNA
 *     reads as `.`) is defanged when it is an IPv4 address (four labels 0–255), or when its last label is
 *     alphabetic (or punycode `xn--`), at least two letters long, and not a common file extension that is
 *     not a top-level domain. So `evil.example`, `a.b.c.co.uk` and `10.1.2.3` are defanged; `setup.exe`,
 *     `report.pdf`, `v1.2`, `10.0.19041.1` are not. File names that end in a real TLD (`.zip`, `.mov`,
 *     `.sh`, `.py`, `.pl`, `.md`, `.com`) are defanged on purpose: those names are registered to phish.
 *  3. Already-defanged text is left as it is (defang is idempotent).
 *  4. Hidden characters are shown as `<U+00AD>` first (revealHidden), and a shown code point counts as part
 *     of the label it stands in, ignored when the last label is judged: a URL parser drops the character
 *     itself, so `evil\u00AD.com` and `evil.co\uFE0Fm` are evil.com to it, and become `evil<U+00AD>[.]com`
 *     and `evil[.]co<U+FE0F>m` here.
 * IPv6 literals are not changed: Teams does not link them and they carry no dots.
 */

const DOT = '[.\u3002\uFF0E\uFF61]';
const LABEL = `(?:[\\p{L}\\p{N}\\p{M}_-]|${SHOWN_CODE_POINT})+`;
const SHOWN_CODE_POINT_RE = new RegExp(SHOWN_CODE_POINT, 'g');
// Renamed wherever they stand before `://`, even glued to other text, so no live `http://` survives.
const LIVE_SCHEME_RE = /(h)(tt)(ps?:\/\/)|(f)(t)(ps?:\/\/)/gi;
const DEFANG_RE = new RegExp(
  `(?<url>[a-z][a-z0-9+.-]{0,30}://)(?<authority>[^\\s/?#\\\\]*)|(?<name>${LABEL}(?:${DOT}${LABEL})+)`,
  'giu',
);

// Extensions seen on files in telemetry that are not delegated TLDs, so a name ending in one cannot resolve
// on the public internet. Keep this list to names checked against the IANA root zone.
const NOT_A_TLD = new Set(
  (
    'exe dll sys bat cmd msi lnk scr hta vbs vbe js jse wsf txt log tmp ini cfg dat iso img vhd vhdx csv ' +
    'json xml yaml yml htm html php asp aspx doc docx docm xls xlsx xlsm ppt pptx pdf rtf rar tar gz tgz ' +
    'jar apk dmg deb rpm png jpg jpeg gif bmp svg bak db drv ocx cpl inf reg evtx chm'
  ).split(' '),
);

// An already-defanged `[.]` is matched whole so it is kept, not wrapped again.
const DOT_OR_DEFANGED_RE = new RegExp(`\\[\\.\\]|${DOT}`, 'gu');

function defangDots(text: string): string {
  return text.replace(DOT_OR_DEFANGED_RE, '[.]');
}

function isIPv4(labels: string[]): boolean {
  return labels.length === 4 && labels.every((l) => /^\d{1,3}$/.test(l) && Number(l) <= 255);
}

function looksLikeHostname(shownLabels: string[]): boolean {
  const labels = shownLabels.map((l) => l.replace(SHOWN_CODE_POINT_RE, ''));
  if (isIPv4(labels)) return true;
  const last = labels[labels.length - 1].toLowerCase();
  if (last.startsWith('xn--')) return true;
  return /^\p{L}{2,63}$/u.test(last) && !NOT_A_TLD.has(last);
}

/**
 * Defangs URLs, hostnames and IPv4 addresses in free text (rules above) so no client turns them into links.
 * Hidden characters come out shown as `<U+XXXX>`, as every medium shows them.
 */
export function defang(text: string): string {
  // `x` for `t` keeps the writer's case: HTTP → HXXP, Http → Hxxp.
  const renamed = revealHidden(text).replace(LIVE_SCHEME_RE, (_m, h, tt, rest, f, t, frest) =>
    h !== undefined
      ? h + tt.replace(/t/g, 'x').replace(/T/g, 'X') + rest
      : f + (t === 'T' ? 'X' : 'x') + frest,
  );
  return renamed.replace(DEFANG_RE, (match, ...args) => {
    const groups = args[args.length - 1] as { url?: string; authority?: string };
    if (groups.url !== undefined) return groups.url + defangDots(groups.authority ?? '');
    const labels = match.split(new RegExp(DOT, 'u'));
    return looksLikeHostname(labels) ? defangDots(match) : match;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Markdown (Adaptive Card TextBlock and Fact title/value)

// Everything the Teams Markdown subset, CommonMark or the card's {{DATE()}} functions read as syntax.
// `&` is escaped so entity references (&#91; for `[`) cannot smuggle syntax past the other escapes.
const MARKDOWN_SPECIAL = /[\\`*_[\]()#>~|<{}!&]/g;
const LINE_BREAK = /\r\n|\r|\n/g;

/**
 * Text that renders as itself in an Adaptive Card TextBlock or Fact: Markdown punctuation is backslash-escaped
 * (CommonMark), a leading list marker (`-`, `+`, `1.`) is escaped, line breaks become a visible `\n` (a card
 * would otherwise start a list or paragraph on them), tabs become spaces, and invisible/control characters
 * are shown as `<U+XXXX>`. Defang first if the text may hold URLs: escaping does not stop auto-linking.
 */
export function escapeMarkdown(text: string): string {
  const escaped = revealHidden(text.replace(/\t/g, ' '))
    .replace(MARKDOWN_SPECIAL, '\\$&')
    .replace(LINE_BREAK, '\\\\n')
    .replace(/^(\s*)([-+])/, '$1\\$2')
    .replace(/^(\s*\d+)\./, '$1\\.');
  return escaped;
}

// ---------------------------------------------------------------------------------------------------------
// Terminals and log lines

const TERMINAL_NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\x1b' };

/**
 * Text that cannot move the cursor, recolour, retitle or clear a terminal, nor start a forged log line:
 * CR, LF and tab become `\r`, `\n`, `\t`; ESC becomes `\x1b`, so an ANSI sequence prints as inert `\x1b[31m`;
 * every other C0/C1 control and invisible or bidi character shows as `<U+XXXX>`. Backslashes are kept as
 * they are, so Windows paths stay readable.
 */
export function safeForTerminal(text: string): string {
  return revealHidden(text.replace(/[\n\r\t\u001b]/g, (ch) => TERMINAL_NAMED[ch]));
}

// ---------------------------------------------------------------------------------------------------------

export const ELLIPSIS = '…';

/**
 * At most `max` code points, the last of them `…` when anything was cut. Never splits a surrogate pair.
 * Raw text is truncated before it is escaped, so an escape is never cut in half.
 */
export function truncate(text: string, max: number): string {
  if (!(max >= 0)) throw new RangeError(`truncate: max must be a non-negative number, got ${max}`);
  const limit = Math.floor(max);
  // A string of at most `limit` UTF-16 units has at most that many code points: skip the split.
  if (text.length <= limit) return text;
  const points = Array.from(text);
  if (points.length <= limit) return text;
  if (limit === 0) return '';
  return points.slice(0, limit - 1).join('') + ELLIPSIS;
}

// ---------------------------------------------------------------------------------------------------------
// JSON lines for logs and scripts

const HIDDEN_IN_JSON = new RegExp(`${HIDDEN_CLASS}|[\\u007F-\\u009F]`, 'gu');

function unicodeEscapes(ch: string): string {
  let out = '';
  for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/**
 * JSON text with DEL, C1 controls and the hidden characters above written as \uXXXX (a surrogate pair for
 * those beyond U+FFFF): still valid JSON with the same value, and inert in a terminal or log viewer.
 * JSON.stringify already escapes C0 controls.
 */
export function inertJson(json: string): string {
  return json.replace(HIDDEN_IN_JSON, unicodeEscapes);
}

/** One line of JSON that stays inert in a terminal or log viewer (see inertJson). */
export function jsonLine(value: unknown): string {
  return inertJson(JSON.stringify(value));
}

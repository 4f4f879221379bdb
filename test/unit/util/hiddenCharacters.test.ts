import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTeamsMessage } from '../../../src/notify/teamsCard.js';
import { DEFAULT_EVENT_SOURCE, findingEvent, serializeEvent } from '../../../src/notify/webhookEvent.js';
import { defang, escapeMarkdown, jsonLine, revealHidden, safeForTerminal } from '../../../src/util/escape.js';
import { cardTexts, renderedMarkdown, testHunt, testNotice } from '../../support/notify/fixtures.js';

/*
 * Every code point that renders as nothing, in every medium that shows telemetry. The class is Unicode's
 * Default_Ignorable_Code_Point; its ranges below are copied from DerivedCoreProperties.txt (unchanged from
 * Unicode 15.1 to 17.0), so a JavaScript engine whose \p{Default_Ignorable_Code_Point} differs is noticed.
 */
const DERIVED_CORE_PROPERTIES = `
00AD          ; Default_Ignorable_Code_Point # Cf       SOFT HYPHEN
034F          ; Default_Ignorable_Code_Point # Mn       COMBINING GRAPHEME JOINER
061C          ; Default_Ignorable_Code_Point # Cf       ARABIC LETTER MARK
115F..1160    ; Default_Ignorable_Code_Point # Lo   [2] HANGUL CHOSEONG FILLER..HANGUL JUNGSEONG FILLER
17B4..17B5    ; Default_Ignorable_Code_Point # Mn   [2] KHMER VOWEL INHERENT AQ..KHMER VOWEL INHERENT AA
180B..180D    ; Default_Ignorable_Code_Point # Mn   [3] MONGOLIAN FREE VARIATION SELECTOR ONE..MONGOLIAN FREE VARIATION SELECTOR THREE
180E          ; Default_Ignorable_Code_Point # Cf       MONGOLIAN VOWEL SEPARATOR
180F          ; Default_Ignorable_Code_Point # Mn       MONGOLIAN FREE VARIATION SELECTOR FOUR
200B..200F    ; Default_Ignorable_Code_Point # Cf   [5] ZERO WIDTH SPACE..RIGHT-TO-LEFT MARK
202A..202E    ; Default_Ignorable_Code_Point # Cf   [5] LEFT-TO-RIGHT EMBEDDING..RIGHT-TO-LEFT OVERRIDE
2060..2064    ; Default_Ignorable_Code_Point # Cf   [5] WORD JOINER..INVISIBLE PLUS
2065          ; Default_Ignorable_Code_Point # Cn       <reserved-2065>
2066..206F    ; Default_Ignorable_Code_Point # Cf  [10] LEFT-TO-RIGHT ISOLATE..NOMINAL DIGIT SHAPES
3164          ; Default_Ignorable_Code_Point # Lo       HANGUL FILLER
FE00..FE0F    ; Default_Ignorable_Code_Point # Mn  [16] VARIATION SELECTOR-1..VARIATION SELECTOR-16
FEFF          ; Default_Ignorable_Code_Point # Cf       ZERO WIDTH NO-BREAK SPACE
FFA0          ; Default_Ignorable_Code_Point # Lo       HALFWIDTH HANGUL FILLER
FFF0..FFF8    ; Default_Ignorable_Code_Point # Cn   [9] <reserved-FFF0>..<reserved-FFF8>
1BCA0..1BCA3  ; Default_Ignorable_Code_Point # Cf   [4] SHORTHAND FORMAT LETTER OVERLAP..SHORTHAND FORMAT UP STEP
1D173..1D17A  ; Default_Ignorable_Code_Point # Cf   [8] MUSICAL SYMBOL BEGIN BEAM..MUSICAL SYMBOL END PHRASE
E0000         ; Default_Ignorable_Code_Point # Cn       <reserved-E0000>
E0001         ; Default_Ignorable_Code_Point # Cf       LANGUAGE TAG
E0002..E001F  ; Default_Ignorable_Code_Point # Cn  [30] <reserved-E0002>..<reserved-E001F>
E0020..E007F  ; Default_Ignorable_Code_Point # Cf  [96] TAG SPACE..CANCEL TAG
E0080..E00FF  ; Default_Ignorable_Code_Point # Cn [128] <reserved-E0080>..<reserved-E00FF>
E0100..E01EF  ; Default_Ignorable_Code_Point # Mn [240] VARIATION SELECTOR-17..VARIATION SELECTOR-256
E01F0..E0FFF  ; Default_Ignorable_Code_Point # Cn [3600] <reserved-E01F0>..<reserved-E0FFF>

# Total code points: 4174
`;

function derivedCodePoints(): number[] {
  return DERIVED_CORE_PROPERTIES.split('\n')
    .map((line) => /^([0-9A-F]{4,6})(?:\.\.([0-9A-F]{4,6}))?\s*;/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .flatMap((m) => {
      const [first, last] = [parseInt(m[1], 16), parseInt(m[2] ?? m[1], 16)];
      return Array.from({ length: last - first + 1 }, (_, i) => first + i);
    });
}

function codePointsMatching(re: RegExp): number[] {
  const found: number[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    if (re.test(String.fromCodePoint(cp))) found.push(cp);
  }
  return found;
}

function asRanges(points: number[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const cp of points) {
    const last = ranges[ranges.length - 1];
    if (last && last[1] === cp - 1) last[1] = cp;
    else ranges.push([cp, cp]);
  }
  return ranges;
}

const IGNORABLE = codePointsMatching(/\p{Default_Ignorable_Code_Point}/u);
const RAW_IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;

const hex = (cp: number) => cp.toString(16).toUpperCase().padStart(4, '0');
const shown = (cp: number) => `<U+${hex(cp)}>`;

/** The attacker's host, evil.com, with one hidden code point where it survives a URL parser or a linkifier. */
function hostPositions(c: string): string[] {
  return [`https://evil${c}.com/x`, `evil.co${c}m`, `${c}evil.com`, `see evil${c}.com now`, `http${c}s://evil.com`];
}

/** Hosts a URL parser reads from each word, taken as written and as a linkifier takes a bare domain (https:// prefixed). */
function parsedHosts(text: string): { word: string; host: string }[] {
  const hosts: { word: string; host: string }[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    for (const candidate of [word, `https://${word}`]) {
      try {
        const url = new URL(candidate);
        if (['http:', 'https:', 'ftp:'].includes(url.protocol) && url.hostname) hosts.push({ word, host: url.hostname });
      } catch {
        // not a URL: nothing live
      }
    }
  }
  return hosts;
}

// What a linkifier (linkify-it, Teams, terminals) turns into a link: a scheme URL, or a dotted name ending in
// letters, bounded by anything that cannot be part of a hostname.
const LINKIFIED =
  /(?:https?|ftp):\/\/[^\s<>"]+|(?<![\p{L}\p{N}\p{M}.-])(?:[\p{L}\p{N}\p{M}-]+\.)+\p{L}{2,63}(?![\p{L}\p{N}\p{M}-])/gu;

function linkified(text: string): string[] {
  return text.match(LINKIFIED) ?? [];
}

/** Defanged media: nothing a parser or linkifier reads names the attacker's host. */
function assertNothingLive(text: string, context: string): void {
  for (const { word, host } of parsedHosts(text)) assert.ok(!host.includes('evil'), `${context}: ${JSON.stringify(word)} parses to host ${host}`);
  for (const link of linkified(text)) assert.ok(!link.includes('evil'), `${context}: ${JSON.stringify(link)} would be linked`);
}

/** Media shown as they are (terminal, logs): a parser may read a host, but only the one the reader sees. */
function assertWhatYouSeeIsTheHost(text: string, context: string): void {
  for (const { word, host } of parsedHosts(text)) assert.ok(word.toLowerCase().includes(host), `${context}: ${JSON.stringify(word)} parses to unseen host ${host}`);
  for (const { host } of parsedHosts(text)) assert.notEqual(host, 'evil.com', `${context}: the hidden host survives`);
}

function assertShownNotHidden(text: string, cp: number, mark: string, context: string): void {
  assert.ok(!RAW_IGNORABLE.test(text), `${context}: a default-ignorable code point survives`);
  assert.ok(text.includes(mark), `${context}: U+${hex(cp)} is not shown as ${mark}`);
}

/** How a JSON text writes the code point once made inert: \uXXXX, or a surrogate pair of them. */
function jsonEscape(cp: number): string {
  return Array.from(String.fromCodePoint(cp), (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
}

describe('Default_Ignorable_Code_Point', () => {
  it("is the class Unicode's DerivedCoreProperties.txt lists, 4,174 code points", () => {
    assert.equal(IGNORABLE.length, 4174);
    assert.deepEqual(asRanges(IGNORABLE), asRanges(derivedCodePoints()));
  });

  it('covers every code point a URL parser drops from a host, so none can hide in one', () => {
    // Tab, CR and LF are dropped too (WHATWG strips them anywhere in a URL); every medium shows them by name.
    const dropped = codePointsMatching({
      test: (c: string) => {
        try {
          return !'\t\n\r'.includes(c) && new URL(`https://evil.co${c}m/`).hostname === 'evil.com';
        } catch {
          return false;
        }
      },
    } as RegExp);
    assert.ok(dropped.length > 0);
    const unshown = dropped.filter((cp) => revealHidden(String.fromCodePoint(cp)) !== shown(cp));
    assert.deepEqual(unshown.map(hex), []);
  });
});

/** Runs `medium` on every ignorable code point in every host position, and `check` on what it made. */
function eachInHostPositions(medium: (text: string) => string, check: (out: string, cp: number, context: string, text: string) => void): void {
  for (const cp of IGNORABLE) {
    for (const text of hostPositions(String.fromCodePoint(cp))) {
      const out = medium(text);
      check(out, cp, `U+${hex(cp)} in ${JSON.stringify(text)} -> ${out}`, text);
    }
  }
}

describe('hidden characters in every medium', () => {
  it('defang shows each one, and no host survives it in any position', () => {
    eachInHostPositions(defang, (out, cp, context) => {
      assertShownNotHidden(out, cp, shown(cp), context);
      assertNothingLive(out, context);
    });
  });

  it('a Teams card shows each one and links nothing, in titles, key values and row values', () => {
    const hunt = testHunt();
    for (const cp of IGNORABLE) {
      const [url, bare, leading, prose] = hostPositions(String.fromCodePoint(cp));
      const notice = testNotice({ title: prose, key: { Url: url, Host: bare }, row: { Url: url, Host: bare, FileOriginUrl: url, Note: leading } });
      const texts = cardTexts(buildTeamsMessage(hunt, [notice]).message.attachments[0].content).map(renderedMarkdown);
      const all = texts.join('\n');
      const context = `card U+${hex(cp)}`;
      assertShownNotHidden(all, cp, shown(cp), context);
      for (const text of texts) assertNothingLive(text, context);
      assert.equal(texts.filter((t) => t.includes(shown(cp))).length, 5, `${context}: the title, two key values, two other row values`);
    }
  });

  it('Markdown text shows each one', () => {
    for (const cp of IGNORABLE) {
      const out = renderedMarkdown(escapeMarkdown(`name${String.fromCodePoint(cp)}x`));
      assertShownNotHidden(out, cp, shown(cp), `markdown U+${hex(cp)}`);
    }
  });

  it('terminal text shows each one, so a host read from it is the host the reader sees', () => {
    eachInHostPositions(safeForTerminal, (out, cp, context) => {
      assertShownNotHidden(out, cp, shown(cp), context);
      assertWhatYouSeeIsTheHost(out, context);
    });
  });

  it('JSON log lines write each one as \\u escapes and keep the value', () => {
    eachInHostPositions(
      (text) => jsonLine({ title: text }),
      (line, cp, context, text) => {
        assertShownNotHidden(line, cp, jsonEscape(cp), context);
        assertWhatYouSeeIsTheHost(line, context);
        assert.deepEqual(JSON.parse(line), { title: text });
      },
    );
  });

  it('webhook bodies write each one as \\u escapes and keep the value for the receiver', () => {
    const hunt = testHunt();
    for (const cp of IGNORABLE) {
      const [url, bare, leading, prose] = hostPositions(String.fromCodePoint(cp));
      const notice = testNotice({ title: prose, key: { Url: url }, row: { Url: url, Host: bare, Note: leading } });
      const { body } = serializeEvent(findingEvent(hunt, notice, DEFAULT_EVENT_SOURCE));
      const context = `webhook U+${hex(cp)}`;
      assertShownNotHidden(body, cp, jsonEscape(cp), context);
      const data = (JSON.parse(body) as { data: { title: string; key: unknown; row: unknown } }).data;
      assert.equal(data.title, prose);
      assert.deepEqual(data.key, { Url: url });
      assert.deepEqual(data.row, { Url: url, Host: bare, Note: leading });
    }
  });

  it('keeps the other format characters, line separators and controls visible too', () => {
    for (const cp of codePointsMatching(/[\p{Cf}\u2028\u2029\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u)) {
      const c = String.fromCodePoint(cp);
      // ESC is the one a terminal gets by name, \x1b, so an ANSI sequence reads as one.
      assert.equal(safeForTerminal(`a${c}b`), cp === 0x1b ? 'a\\x1bb' : `a${shown(cp)}b`, `U+${hex(cp)}`);
      assert.equal(renderedMarkdown(escapeMarkdown(`a${c}b`)), `a${shown(cp)}b`, `U+${hex(cp)}`);
    }
  });
});

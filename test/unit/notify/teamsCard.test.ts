import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  buildTeamsMessage,
  DEFAULT_MAX_MESSAGE_BYTES,
  messageBytes,
  type AdaptiveCard,
  type Container,
  type FactSet,
  type TextBlock,
} from '../../../src/notify/teamsCard.js';
import { cardTexts, renderedMarkdown, testHunt, testNotice, testNotices } from '../../support/notify/fixtures.js';

const TEAMS_LIMIT_BYTES = 28 * 1000;

function card(message: ReturnType<typeof buildTeamsMessage>['message']): AdaptiveCard {
  return message.attachments[0].content;
}

function containers(c: AdaptiveCard): Container[] {
  return c.body.filter((e): e is Container => e.type === 'Container');
}

function textBlocks(node: unknown): TextBlock[] {
  if (Array.isArray(node)) return node.flatMap(textBlocks);
  if (node && typeof node === 'object') {
    const self = (node as { type?: string }).type === 'TextBlock' ? [node as TextBlock] : [];
    return [...self, ...Object.values(node).flatMap(textBlocks)];
  }
  return [];
}

describe('Teams card', () => {
  it('is a Teams message with one Adaptive Card 1.5 attachment', () => {
    const { message } = buildTeamsMessage(testHunt(), testNotices(2));
    assert.equal(message.type, 'message');
    assert.equal(message.attachments.length, 1);
    const [attachment] = message.attachments;
    assert.equal(attachment.contentType, ADAPTIVE_CARD_CONTENT_TYPE);
    assert.equal(attachment.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.ok('contentUrl' in attachment);
    assert.equal(attachment.contentUrl, null);
    assert.equal(JSON.parse(JSON.stringify(message)).attachments[0].contentUrl, null);
    assert.equal(attachment.content.type, 'AdaptiveCard');
    assert.equal(attachment.content.version, '1.5');
    assert.equal(attachment.content.$schema, 'http://adaptivecards.io/schemas/adaptive-card.json');
  });

  it('wraps every TextBlock', () => {
    const { message } = buildTeamsMessage(testHunt(), testNotices(12));
    const blocks = textBlocks(card(message));
    assert.ok(blocks.length > 10);
    for (const block of blocks) assert.equal(block.wrap, true);
  });

  it('names the hunt and severity and counts new and re-notified findings', () => {
    const notices = [...testNotices(3), ...testNotices(2, { reason: 'renotify', timesSeen: 4 })];
    const { message } = buildTeamsMessage(testHunt({ name: 'AV Detections with Source' }), notices);
    const texts = cardTexts(card(message)).map((t) => renderedMarkdown(t).replaceAll('**', ''));
    assert.equal(texts[0], 'AV Detections with Source');
    assert.ok(texts.some((t) => t.includes('Severity High') && t.includes('3 new') && t.includes('2 seen again')), texts.join('\n'));
    assert.ok(texts.some((t) => t.includes('seen 4 times') && t.includes('first noticed 2024-05-01 10:00:00 UTC, last 2024-05-02 11:30:00 UTC')), texts.join('\n'));
  });

  it('lists up to N findings with key and row facts, then "and M more"', () => {
    const notices = testNotices(13);
    const built = buildTeamsMessage(testHunt(), notices, { maxFindings: 10 });
    assert.equal(built.shown, 10);
    const found = containers(card(built.message));
    assert.equal(found.length, 10);
    const facts = (found[0].items.find((i) => i.type === 'FactSet') as FactSet).facts;
    assert.deepEqual(
      facts.map((f) => f.title),
      ['Device', 'MD5', 'File', 'Path'],
    );
    assert.ok(cardTexts(card(built.message)).some((t) => renderedMarkdown(t).includes('and 3 more findings')));
  });

  it('shows the most severe and the new findings first', () => {
    const notices = [
      testNotice({ title: 'low one', severity: 'Low' }),
      testNotice({ title: 'high again', reason: 'renotify' }),
      testNotice({ title: 'high new' }),
    ];
    const { message } = buildTeamsMessage(testHunt(), notices);
    const titles = containers(card(message)).map((c) => (c.items[0] as TextBlock).text);
    assert.deepEqual(titles, ['high new', 'high again', 'low one']);
  });

  it('escapes and defangs hostile titles, keys and row values', () => {
    const hostile = '[click](http://evil.example/x) **bold** <at>x</at>';
    const notice = testNotice({
      title: hostile,
      key: { Url: 'http://evil.example/a.exe', '[col](http://evil.example)': 'x' },
      row: { RemoteIP: '203.0.113.9', Note: '- list\n# head' },
    });
    const { message } = buildTeamsMessage(testHunt(), [notice]);
    const raw = JSON.stringify(message);
    assert.ok(!raw.includes('http://evil'), 'no live URL in the serialized card');
    assert.ok(!/evil\.example/.test(raw), 'no live hostname');
    assert.ok(raw.includes('hxxp'));
    const texts = cardTexts(card(message));
    const shown = texts.map(renderedMarkdown);
    assert.ok(shown.includes('[click](hxxp://evil[.]example/x) **bold** <at>x</at>'), shown.join('\n'));
    assert.ok(shown.includes('hxxp://evil[.]example/a.exe'));
    assert.ok(shown.includes('203[.]0[.]113[.]9'));
    assert.ok(shown.some((t) => t.includes('[.]')));
    for (const text of texts) {
      assert.ok(!/(^|[^\\])\]\(/.test(text), `no Markdown link syntax survives: ${text}`);
      assert.ok(!/(^|[^\\])\*\*/.test(text) || text.startsWith('Severity'), `no unescaped bold: ${text}`);
      assert.ok(!/[\r\n]/.test(text));
    }
  });

  it('stays under 28 KB with 500 findings of 10 KB values each', (t) => {
    const big = (c: string) => c.repeat(10_000);
    const notices = Array.from({ length: 500 }, (_, i) =>
      testNotice({
        title: `${i} ${big('T')}`,
        key: { DeviceName: big('d'), MD5: big('5') },
        row: { DeviceName: big('d'), MD5: big('5'), FileName: big('f'), FolderPath: big('\\'), FileOriginUrl: `http://${big('e')}.example/` },
      }),
    );
    const built = buildTeamsMessage(testHunt(), notices);
    assert.equal(built.bytes, messageBytes(built.message));
    assert.ok(built.bytes <= DEFAULT_MAX_MESSAGE_BYTES, `${built.bytes} bytes`);
    assert.ok(built.bytes < TEAMS_LIMIT_BYTES);
    assert.ok(built.shown >= 1, 'still shows findings');
    assert.ok(cardTexts(card(built.message)).some((t) => t.includes(`and ${500 - built.shown} more findings`)));
    t.diagnostic(`500 findings x 10 KB values: ${built.bytes} bytes, ${built.shown} findings shown`);
  });

  it('stays under budget when escaping multiplies the size (control characters, backslashes, emoji)', () => {
    const nasty = '\u0001\\*😀'.repeat(5_000);
    const notices = testNotices(50, { title: nasty, key: { A: nasty, B: nasty, C: nasty }, row: { A: nasty, D: nasty, E: nasty, F: nasty } });
    const built = buildTeamsMessage(testHunt(), notices);
    assert.ok(built.bytes <= DEFAULT_MAX_MESSAGE_BYTES, `${built.bytes} bytes`);
    assert.ok(built.shown >= 1);
  });

  it('stays under budget when every value is hidden characters, each shown as a longer <U+…>', () => {
    const hidden = '\u00AD\u{E0041}\uFE0F\u3164'.repeat(2_500);
    const notices = testNotices(50, { title: hidden, key: { A: hidden, B: hidden }, row: { A: hidden, C: hidden, D: hidden, E: hidden, F: hidden } });
    const built = buildTeamsMessage(testHunt(), notices);
    assert.ok(built.bytes <= DEFAULT_MAX_MESSAGE_BYTES, `${built.bytes} bytes`);
    assert.ok(built.shown >= 1);
    const texts = cardTexts(card(built.message)).map(renderedMarkdown);
    assert.ok(texts.some((t) => t.startsWith('<U+00AD><U+E0041><U+FE0F><U+3164>')), 'the hidden characters are shown');
    assert.doesNotMatch(JSON.stringify(built.message), /\p{Default_Ignorable_Code_Point}/u);
  });

  it('falls back to a header-only card when even one finding cannot fit', () => {
    const built = buildTeamsMessage(testHunt(), testNotices(3), { maxBytes: 1_000 });
    assert.equal(built.shown, 0);
    assert.ok(built.bytes <= 1_000, `${built.bytes}`);
    assert.ok(cardTexts(card(built.message)).some((t) => t.includes('and 3 more findings')));
  });

  it('truncates long values with an ellipsis', () => {
    const { message } = buildTeamsMessage(testHunt(), [testNotice({ key: { DeviceName: 'x'.repeat(1_000) } })]);
    const value = (containers(card(message))[0].items[2] as FactSet).facts[0].value;
    assert.ok(value.length <= 200 && value.endsWith('…'), value);
  });
});

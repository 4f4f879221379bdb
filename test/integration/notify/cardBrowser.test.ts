/**
 * The card rendered by the adaptivecards package in Debian's Chromium: the sample pivot card is kept as
 * docs/images/teams-card.png (the README shows it), and hostile values must come out as text.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { buildTeamsMessage, type AdaptiveCard } from '../../../src/notify/teamsCard.js';
import { chromiumOrSkip, launchChromium, type RunningBrowser } from '../../support/browser.js';
import { serveCardPage, type CardPageServer } from '../../support/notify/cardPage.js';
import { HOSTILE_ROW, noticeFor, pivotNotices, shippedHunt } from '../../support/notify/sampleCards.js';
import { ROOT } from '../../support/seeds.js';

const LINKS = {
  workspaceResourceId: '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-sec/providers/Microsoft.OperationalInsights/workspaces/law-sec',
  findingsPageUrl: 'https://hunts.example/api/tab/',
};
const SCREENSHOT = join(ROOT, 'docs', 'images', 'teams-card.png');

let browser: RunningBrowser;
let server: CardPageServer;

describe('the card in a browser', chromiumOrSkip(), () => {
  before(async () => {
    server = await serveCardPage();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function rendered(card: AdaptiveCard): Promise<Page> {
    const page = await browser.browser.newPage({ viewport: { width: 700, height: 600 } });
    // Nothing leaves the machine: only the page's own server answers.
    await page.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(server.url);
    await page.evaluate((json) => (globalThis as unknown as { renderCard(j: unknown): void }).renderCard(json), card as unknown);
    assert.deepEqual(await page.evaluate(() => (globalThis as unknown as { problems: string[] }).problems), []);
    assert.deepEqual(dialogs, []);
    return page;
  }

  it('renders the sample pivot card with its facts and actions, and keeps the screenshot', async () => {
    const { hunt, notices } = pivotNotices();
    const page = await rendered(buildTeamsMessage(hunt, notices, { links: LINKS }).message.attachments[0].content);
    try {
      const text = await page.locator('#card').innerText();
      for (const expected of ['Threats', 'Trojan:Win32/Emotet.A!ml, Trojan:Win32/Emotet.B', 'Detected files', 'invoice_2.exe', 'Detected URL', '(2 devices)', '(1 device)', 'event 2026-11-20 10:45:00 UTC']) {
        assert.ok(text.includes(expected), `"${expected}" in:\n${text}`);
      }
      const buttons = await page.locator('#card button').allInnerTexts();
      assert.deepEqual(buttons.map((b) => b.trim()), [
        'Device in Defender', 'File in Defender', 'Finding in tab',
        'Device in Defender', 'File in Defender', 'Finding in tab',
        'Query in Log Analytics', 'Query in advanced hunting',
      ]);
      await page.locator('#card button', { hasText: 'Device in Defender' }).first().click();
      assert.deepEqual(await page.evaluate(() => (globalThis as unknown as { opened: string[] }).opened), [
        'https://security.microsoft.com/machines/v2/2b16c9ed5f2806245b06ffe634ed2d3e1b5c8763/overview',
      ]);
      assert.equal(await page.locator('#card a, #card em').count(), 0, 'no value became a link or emphasis');
      mkdirSync(join(ROOT, 'docs', 'images'), { recursive: true });
      await page.locator('#card').screenshot({ path: SCREENSHOT });
    } finally {
      await page.close();
    }
  });

  it('renders HTML, script tags, Markdown and hidden characters in values as text', async () => {
    // The control: the page's Markdown does make links and emphasis of unescaped text, so their absence below means something.
    const control = await rendered({ $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.5', msteams: { width: 'Full' }, body: [{ type: 'TextBlock', text: '[x](https://evil.test) _y_ **z**', wrap: true }] });
    assert.deepEqual([await control.locator('#card a').count(), await control.locator('#card em').count(), await control.locator('#card strong').count()], [1, 1, 1]);
    await control.close();
    const hunt = shippedHunt('pivot-detections-to-downloads');
    const page = await rendered(buildTeamsMessage(hunt, [noticeFor(hunt, HOSTILE_ROW)], { links: LINKS }).message.attachments[0].content);
    try {
      const text = await page.locator('#card').innerText();
      for (const literal of [
        '**bold** [link](hxxps://evil[.]test/p) <b>html</b> `code` <U+202E>gpj.exe',
        '<script>alert("x")</script>, [a](javascript:alert(1))',
        '# Heading, - list item, ![img](hxxps://evil[.]test/i.png)',
        'hxxps://evil<U+00AD>[.]test/a?b=<i>c</i>',
        '&#91;x&#93;(hxxps://evil[.]test)',
        'evil[.]test<script>alert(1)</script>',
      ]) {
        assert.ok(text.includes(literal), `shown as text: ${literal}\nin:\n${text}`);
      }
      const markup = await page.locator('#card a, #card em, #card script, #card img, #card b, #card i, #card code, #card h1, #card li').count();
      assert.equal(markup, 0, 'no value became markup');
      const strong = await page.locator('#card strong').allInnerTexts();
      for (const s of strong) assert.match(s, /^(High|Medium|Low|Informational|\d+)$/, 'bold only where the card itself says so');
      assert.equal(await page.evaluate(() => (globalThis as unknown as { xss?: unknown }).xss), undefined);
      assert.deepEqual(
        (await page.locator('#card button').allInnerTexts()).map((b) => b.trim()),
        ['Finding in tab', 'Query in Log Analytics', 'Query in advanced hunting'],
        'no device or file button from values that are not identifiers',
      );
    } finally {
      await page.close();
    }
  });
});

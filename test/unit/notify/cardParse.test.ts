/** Every kind of card the project builds, parsed by the adaptivecards package: no errors, no warnings. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTeamsMessage, type AdaptiveCard } from '../../../src/notify/teamsCard.js';
import { testHunt, testNotices } from '../../support/notify/fixtures.js';
import { avNotices, cardProblems, HOSTILE_ROW, noticeFor, pivotNotices, shippedHunt } from '../../support/notify/sampleCards.js';

const LINKS = {
  workspaceResourceId: '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-sec/providers/Microsoft.OperationalInsights/workspaces/law-sec',
  tenantId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  findingsPageUrl: 'https://hunts.example/api/tab/',
  teamsAppId: '11111111-2222-3333-4444-555555555555',
};

function cardsOf(build: (maxBytes: number) => ReturnType<typeof buildTeamsMessage>): { label: string; card: AdaptiveCard; shown: number }[] {
  // From generous down to header-only, so every rung of the size ladder is parsed.
  return [27_000, 9_000, 5_000, 3_500, 2_500, 1_500, 600].map((maxBytes) => {
    const built = build(maxBytes);
    return { label: `${maxBytes} bytes`, card: built.message.attachments[0].content, shown: built.shown };
  });
}

function assertClean(label: string, card: AdaptiveCard): void {
  assert.deepEqual(cardProblems(card), [], `${label}: ${JSON.stringify(card).slice(0, 300)}`);
}

describe('cards parse cleanly with the adaptivecards package', () => {
  it('reports a problem when there is one (so a clean parse means something)', () => {
    const { hunt, notices } = pivotNotices();
    const card = buildTeamsMessage(hunt, notices).message.attachments[0].content;
    const broken = JSON.parse(JSON.stringify(card));
    broken.body[0].size = 'huge';
    broken.body.push({ type: 'Marquee' });
    const problems = cardProblems(broken);
    assert.ok(problems.some((p) => /Invalid value "huge"/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /Unknown element type "Marquee"/.test(p)), problems.join('\n'));
  });

  it('the shipped hunts\' sample cards, with every link setting and with none, at every size', () => {
    for (const { hunt, notices } of [pivotNotices(), avNotices()]) {
      for (const links of [LINKS, {}]) {
        const shownCounts = new Set<number>();
        for (const { label, card, shown } of cardsOf((maxBytes) => buildTeamsMessage(hunt, notices, { links, maxBytes }))) {
          assertClean(`${hunt.slug} ${label}`, card);
          shownCounts.add(shown);
        }
        assert.ok(shownCounts.has(0) && shownCounts.has(notices.length), `the sizes reach both ends of the ladder: ${[...shownCounts]}`);
      }
    }
  });

  it('hostile values, re-notices and many findings', () => {
    const hunt = shippedHunt('pivot-detections-to-downloads');
    const hostile = [noticeFor(hunt, HOSTILE_ROW), noticeFor(hunt, { ...HOSTILE_ROW, Host: 'b' }, { reason: 'renotify', timesSeen: 9, firstSeen: new Date('2026-11-01T00:00:00Z') })];
    for (const { label, card } of cardsOf((maxBytes) => buildTeamsMessage(hunt, hostile, { links: LINKS, maxBytes }))) assertClean(`hostile ${label}`, card);
    const many = testNotices(40, { row: { DeviceName: 'x', MD5: 'd41d8cd98f00b204e9800998ecf8427e', Extra: 'y'.repeat(3_000) } });
    for (const { label, card } of cardsOf((maxBytes) => buildTeamsMessage(testHunt(), many, { links: LINKS, maxBytes }))) assertClean(`many ${label}`, card);
  });
});

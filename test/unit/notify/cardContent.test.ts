import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { buildTeamsMessage, noticeWindow, type ActionSet, type AdaptiveCard, type Container, type FactSet, type TextBlock } from '../../../src/notify/teamsCard.js';
import { renderedMarkdown } from '../../support/notify/fixtures.js';
import { AV_ROWS, avNotices, HOSTILE_ROW, noticeFor, pivotNotices, SAMPLE_CLOCK, shippedHunt } from '../../support/notify/sampleCards.js';

const WORKSPACE = '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-sec/providers/Microsoft.OperationalInsights/workspaces/law-sec';
const LINKS = { workspaceResourceId: WORKSPACE, findingsPageUrl: 'https://hunts.example/api/tab/' };

function card(built: ReturnType<typeof buildTeamsMessage>): AdaptiveCard {
  return built.message.attachments[0].content;
}
function findings(c: AdaptiveCard): Container[] {
  return c.body.filter((e): e is Container => e.type === 'Container');
}
function factsOf(c: Container): FactSet['facts'] {
  return (c.items.find((i) => i.type === 'FactSet') as FactSet | undefined)?.facts ?? [];
}
function shownFacts(c: Container): Record<string, string> {
  return Object.fromEntries(factsOf(c).map((f) => [renderedMarkdown(f.title), renderedMarkdown(f.value)]));
}
function texts(c: Container): string[] {
  return c.items.filter((i): i is TextBlock => i.type === 'TextBlock').map((t) => renderedMarkdown(t.text));
}

describe('Teams card content', () => {
  it('shows the pivot hunt\'s evidence (threat names, detected files, detected URL) in finding.show order, with short titles', () => {
    const { hunt, notices } = pivotNotices();
    const [first] = findings(card(buildTeamsMessage(hunt, notices, { links: LINKS })));
    assert.deepEqual(
      factsOf(first).map((f) => renderedMarkdown(f.title)),
      ['Host', 'Threats', 'Detected files', 'Detected URL', 'File', 'Origin URL', 'Devices', 'Device ID', 'SHA1'],
    );
    assert.deepEqual(shownFacts(first), {
      Host: 'cdn[.]badfiles[.]test',
      Threats: 'Trojan:Win32/Emotet.A!ml, Trojan:Win32/Emotet.B',
      'Detected files': 'invoice.exe, invoice_2.exe',
      'Detected URL': 'hxxp://cdn[.]badfiles[.]test/a/invoice.exe',
      File: 'readme.pdf',
      'Origin URL': 'hxxps://cdn[.]badfiles[.]test/c/readme.pdf',
      Devices: '2',
      'Device ID': '2b16c9ed5f2806245b06ffe634ed2d3e1b5c8763',
      SHA1: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
    });
    for (const f of factsOf(first)) assert.ok(!/\S{20,}/.test(renderedMarkdown(f.title)), `a fact title that cannot wrap: ${f.title}`);
  });

  it('shows threat names, device names, file names and paths as they are; defangs only URLs, hosts, IPs and e-mail', () => {
    const { hunt, notices } = avNotices();
    const third = findings(card(buildTeamsMessage(hunt, notices)))[2];
    assert.deepEqual(shownFacts(third), {
      Threat: 'Trojan:O97M/Donoff.SA',
      Device: 'ws-eng-12.contoso.test',
      File: 'payroll.docm',
      Path: 'C:\\Users\\user\\Downloads\\payroll.docm',
      'Origin URL': 'hxxps://share[.]files-drop[.]test/payroll.docm',
      Referrer: 'hxxps://mail[.]example[.]com/inbox',
      Process: 'OUTLOOK.EXE',
      MD5: 'e768b902b71fc66bda5dd275276734ec',
    });
    assert.equal(texts(third)[0], 'Trojan:O97M/Donoff.SA on ws-eng-12.contoso.test: payroll.docm from hxxps://share[.]files-drop[.]test/payroll.docm');
    const other = noticeFor(shippedHunt('av-detections-with-source'), {
      ...AV_ROWS[1],
      InitiatingProcessFileName: 'powershell.exe',
      FolderPath: 'mal.example.com',
      Note: 'user@evil.example',
      Addr: '198.51.100.7',
    });
    const facts = shownFacts(findings(card(buildTeamsMessage({ ...hunt, finding: { ...hunt.finding, show: ['FolderPath', 'Note', 'Addr'] } }, [other])))[0]);
    assert.deepEqual(facts, { Path: 'mal.example.com', Note: 'user@evil[.]example', Addr: '198[.]51[.]100[.]7' });
  });

  it('says the event time apart from the notice time, and leaves out the event column it already shows', () => {
    const { hunt, notices } = avNotices();
    const [first] = findings(card(buildTeamsMessage(hunt, notices)));
    assert.equal(texts(first)[1], 'New · Medium · event 2026-11-20 11:15:00 UTC · noticed 2026-11-20 11:45:00 UTC · seen once');
    const again = noticeFor(hunt, AV_ROWS[0], { reason: 'renotify', firstSeen: new Date('2026-11-17T08:00:00Z'), timesSeen: 3 });
    assert.equal(
      texts(findings(card(buildTeamsMessage(hunt, [again])))[0])[1],
      'Seen again · Medium · event 2026-11-20 11:15:00 UTC · first noticed 2026-11-17 08:00:00 UTC, last 2026-11-20 11:45:00 UTC · seen 3 times',
    );
    const { hunt: pivot, notices: pivotOnes } = pivotNotices();
    const noShow = { ...pivot, finding: { ...pivot.finding, show: [] } };
    const titles = factsOf(findings(card(buildTeamsMessage(noShow, pivotOnes)))[0]).map((f) => renderedMarkdown(f.title));
    assert.ok(!titles.includes('Time'), titles.join());
  });

  it('without finding.show: the key, then evidence (lists, threat names, URLs), then the rest, then identifiers', () => {
    const { hunt, notices } = pivotNotices();
    const noShow = { ...hunt, finding: { ...hunt.finding, show: undefined } };
    const titles = factsOf(findings(card(buildTeamsMessage(noShow, notices)))[0]).map((f) => renderedMarkdown(f.title));
    assert.deepEqual(titles, ['Host', 'Detected files', 'Origin URL', 'Detected URL', 'Threats', 'Devices', 'File', 'Device ID', 'SHA1']);
  });

  it('gets plurals right and leaves no dangling words when a value is empty', () => {
    const { hunt, notices } = pivotNotices();
    const titles = findings(card(buildTeamsMessage(hunt, notices))).map((c) => texts(c)[0]);
    assert.deepEqual(titles, [
      'Undetected downloads from cdn[.]badfiles[.]test, a site that served detected files (2 devices)',
      'Undetected downloads from dl[.]payload-drop[.]test, a site that served detected files (1 device)',
    ]);
    const av = avNotices();
    const first = findings(card(buildTeamsMessage(av.hunt, av.notices)))[0];
    assert.equal(texts(first)[0], 'Trojan:Win32/AgentTesla!ml on ws-eng-15.contoso.test: attachment.exe');
    assert.equal(shownFacts(first)['Origin URL'], '(none)', 'an empty key value is said, not dropped');
    const noThreat = noticeFor(av.hunt, { ...AV_ROWS[1], ThreatName: '' });
    assert.equal(texts(findings(card(buildTeamsMessage(av.hunt, [noThreat])))[0])[0], 'ws-ops-03.contoso.test: chrome_update.exe from hxxps://downloads[.]fakeupdates[.]test/chrome_update.exe');
  });

  it('puts each finding\'s device, file and tab links under it, and the query links once on the card', () => {
    const { hunt, notices } = pivotNotices();
    const c = card(buildTeamsMessage(hunt, notices, { links: LINKS }));
    const [first, second] = findings(c);
    const actionsOf = (x: Container) => (x.items.find((i) => i.type === 'ActionSet') as ActionSet).actions;
    assert.deepEqual(
      actionsOf(first).map((a) => [a.type, a.title, a.url]),
      [
        ['Action.OpenUrl', 'Device in Defender', 'https://security.microsoft.com/machines/v2/2b16c9ed5f2806245b06ffe634ed2d3e1b5c8763/overview'],
        ['Action.OpenUrl', 'File in Defender', 'https://security.microsoft.com/file/a94a8fe5ccb19ba61c4c0873d391e987982fbbd3'],
        ['Action.OpenUrl', 'Finding in tab', `https://hunts.example/api/tab/#hunt=${hunt.id}&finding=${notices[0].finding.id}`],
      ],
    );
    assert.notEqual(actionsOf(second)[0].url, actionsOf(first)[0].url);
    assert.deepEqual(
      c.actions?.map((a) => a.title),
      ['Query in Log Analytics', 'Query in advanced hunting'],
    );
    const la = new URL(c.actions![0].url);
    const [, q, timespan] = /\/q\/([^/]+)\/timespan\/([^/]+)$/.exec(la.hash)!;
    assert.equal(gunzipSync(Buffer.from(decodeURIComponent(q), 'base64')).toString('utf8'), hunt.query);
    assert.equal(decodeURIComponent(timespan), '2026-11-19T11:45:00.000Z/2026-11-20T11:45:00.000Z', "the run's window: its lookback ending at the run");
  });

  it('takes the query window from each notice: an older owed notice widens it', () => {
    const { hunt, notices } = pivotNotices();
    const older = { ...notices[1], lastSeen: new Date('2026-11-18T06:00:00Z'), firstSeen: new Date('2026-11-18T06:00:00Z') };
    assert.deepEqual(noticeWindow(hunt, older), { start: new Date('2026-11-17T06:00:00Z'), end: new Date('2026-11-18T06:00:00Z') });
    const ah = new URL(card(buildTeamsMessage(hunt, [notices[0], older])).actions!.find((a) => a.title.includes('advanced'))!.url);
    assert.equal(ah.searchParams.get('fromDate'), '2026-11-17T06:00:00.000Z');
    assert.equal(ah.searchParams.get('toDate'), SAMPLE_CLOCK.toISOString());
  });

  it('renders hostile values as text: no link, no HTML, no formatting, hidden characters shown, no link from a bad identifier', () => {
    const hunt = shippedHunt('pivot-detections-to-downloads');
    const built = buildTeamsMessage(hunt, [noticeFor(hunt, HOSTILE_ROW)], { links: LINKS });
    const c = card(built);
    const [only] = findings(c);
    const facts = shownFacts(only);
    assert.equal(facts.File, '**bold** [link](hxxps://evil[.]test/p) <b>html</b> `code` <U+202E>gpj.exe');
    assert.equal(facts['Origin URL'], 'hxxps://evil<U+00AD>[.]test/a?b=<i>c</i>');
    assert.equal(facts['Detected files'], '<script>alert("x")</script>, [a](javascript:alert(1))');
    assert.equal(facts.Threats, '# Heading, - list item, ![img](hxxps://evil[.]test/i.png)');
    const actions = (only.items.find((i) => i.type === 'ActionSet') as ActionSet).actions;
    assert.deepEqual(actions.map((a) => a.title), ['Finding in tab'], 'no device or file link from a value that is not an identifier');
    const raw = JSON.stringify(c.body);
    assert.doesNotMatch(raw, /https?:\/\/evil/);
    for (const f of factsOf(only)) {
      assert.doesNotMatch(f.value, /(^|[^\\])[[\]()*_`<>#!]/, `every Markdown or HTML character is escaped: ${f.value}`);
      assert.doesNotMatch(f.value, /^[-+#]/);
    }
    const odd = noticeFor(hunt, { ...HOSTILE_ROW, constructor: 'c', __proto__x: 'p', toString: 't' });
    const oddFacts = factsOf(findings(card(buildTeamsMessage({ ...hunt, finding: { ...hunt.finding, show: ['constructor', 'toString'] } }, [odd])))[0]);
    assert.deepEqual(oddFacts.map((f) => [f.title, f.value]), [['constructor', 'c'], ['to String', 't']]);
    for (const a of [...actions, ...(c.actions ?? [])]) assert.match(a.url, /^https:\/\/(security\.microsoft\.com|portal\.azure\.com|hunts\.example)\//);
  });
});

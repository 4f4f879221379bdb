/**
 * The cards the shipped hunts make from the bundled samples (`npm start`), built from the hunts' real YAML
 * and the rows their queries return, plus hostile rows: every card the tests parse and render.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { findingId } from '../../../src/findings/findingKey.js';
import { renderTitle } from '../../../src/findings/toFindings.js';
import type { Hunt } from '../../../src/hunts/hunt.js';
import { loadHuntFile } from '../../../src/hunts/load.js';
import type { Notice } from '../../../src/notify/notifier.js';
import type { AdaptiveCard } from '../../../src/notify/teamsCard.js';
import { projectRoot } from '../../../src/util/paths.js';

export const SAMPLE_CLOCK = new Date('2026-11-20T11:45:00Z');

export function shippedHunt(slug: string): Hunt {
  const loaded = loadHuntFile(join(projectRoot(), 'hunts', `${slug}.yaml`), `hunts/${slug}.yaml`, []);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.value;
}

/** A notice as a run makes it: key from the hunt's key columns, title from its template, id from the key. */
export function noticeFor(hunt: Hunt, row: Record<string, unknown>, extra: Partial<Notice> = {}): Notice {
  const key = Object.fromEntries(hunt.finding.key.map((c) => [c, row[c] ?? null]));
  const id = findingId(key);
  return {
    finding: { id, huntId: hunt.id, key, title: renderTitle(hunt.finding.title, row), severity: hunt.finding.severity, row },
    noticeId: `${id}-1`,
    reason: 'new',
    firstSeen: SAMPLE_CLOCK,
    lastSeen: SAMPLE_CLOCK,
    timesSeen: 1,
    ...extra,
  };
}

export const PIVOT_ROWS: Record<string, unknown>[] = [
  {
    Host: 'cdn.badfiles.test',
    MachineCount: 2,
    DeviceId: '2b16c9ed5f2806245b06ffe634ed2d3e1b5c8763',
    FileName: 'readme.pdf',
    DetectedFiles: ['invoice.exe', 'invoice_2.exe'],
    FileOriginUrl: 'https://cdn.badfiles.test/c/readme.pdf',
    DetectedUrl: 'http://cdn.badfiles.test/a/invoice.exe',
    ThreatNames: ['Trojan:Win32/Emotet.A!ml', 'Trojan:Win32/Emotet.B'],
    Timestamp: '2026-11-20T10:45:00.037Z',
    SHA1: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
  },
  {
    Host: 'dl.payload-drop.test',
    MachineCount: 1,
    DeviceId: '2f722bfc0f9619bc89f84c49aa9a6542e30639c1',
    FileName: '[click here](https://dl.payload-drop.test/x) _invoice_.dll',
    DetectedFiles: ['loader.exe'],
    FileOriginUrl: 'https://dl.payload-drop.test/x/stage2.dll',
    DetectedUrl: 'https://dl.payload-drop.test/x/loader.exe',
    ThreatNames: ['Backdoor:Win32/Bladabindi'],
    Timestamp: '2026-11-20T11:10:00.244Z',
    SHA1: 'd9967f7342ab19b2a0e7f4afd587256ce6f62db2',
  },
];

function avRow(device: string, threat: string, file: string, md5: string, origin: string, referrer: string, at: string, process = 'msedge.exe'): Record<string, unknown> {
  return {
    Timestamp: at,
    DeviceName: device,
    ThreatName: threat,
    FileName: file,
    FolderPath: `C:\\Users\\user\\Downloads\\${file}`,
    MD5: md5,
    FileOriginUrl: origin,
    FileOriginReferrerUrl: referrer,
    InitiatingProcessFileName: process,
    InitiatingProcessParentFileName: 'explorer.exe',
  };
}

export const AV_ROWS: Record<string, unknown>[] = [
  avRow('ws-eng-15.contoso.test', 'Trojan:Win32/AgentTesla!ml', 'attachment.exe', 'ceb465829ed520db809a3d4fca99d543', '', 'https://forum.badsite.test/thread/42', '2026-11-20T11:15:00.261Z'),
  avRow('ws-ops-03.contoso.test', 'Trojan:Win32/FakeUpdate', 'chrome_update.exe', '546e01237aac29ea3784b69ad70971b9', 'https://downloads.fakeupdates.test/chrome_update.exe', 'https://news.fakeupdates.test/', '2026-11-20T10:55:00.639Z'),
  avRow('ws-eng-12.contoso.test', 'Trojan:O97M/Donoff.SA', 'payroll.docm', 'e768b902b71fc66bda5dd275276734ec', 'https://share.files-drop.test/payroll.docm', 'https://mail.example.com/inbox', '2026-11-20T10:47:00.431Z', 'OUTLOOK.EXE'),
];

/** Values shaped like HTML, script, Markdown links and formatting, and hidden characters, in every kind of column. */
export const HOSTILE_ROW: Record<string, unknown> = {
  Host: 'evil.test<script>alert(1)</script>',
  MachineCount: 3,
  DeviceId: '<img src=x onerror=alert(1)>',
  FileName: '**bold** [link](https://evil.test/p) <b>html</b> `code` \u202Egpj.exe',
  DetectedFiles: ['<script>alert("x")</script>', '[a](javascript:alert(1))'],
  FileOriginUrl: 'https://evil\u00AD.test/a?b=<i>c</i>',
  DetectedUrl: 'javascript:alert(1)',
  ThreatNames: ['# Heading', '- list item', '![img](https://evil.test/i.png)'],
  Timestamp: '2026-11-20T11:00:00Z',
  SHA1: '&#91;x&#93;(https://evil.test)',
};

export function pivotNotices(): { hunt: Hunt; notices: Notice[] } {
  const hunt = shippedHunt('pivot-detections-to-downloads');
  return { hunt, notices: PIVOT_ROWS.map((row) => noticeFor(hunt, row)) };
}

export function avNotices(): { hunt: Hunt; notices: Notice[] } {
  const hunt = shippedHunt('av-detections-with-source');
  return { hunt, notices: AV_ROWS.map((row) => noticeFor(hunt, row)) };
}

interface AdaptiveCardsModule {
  AdaptiveCard: new () => { parse(json: unknown, context: unknown): void; validateProperties(): { validationEvents: { message: string }[] } };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): { message: string } };
}

/** The adaptivecards package's dist bundle (its ESM build imports without file extensions, which Node refuses). */
export const adaptiveCards = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsModule;

/** Every warning or error the adaptivecards package reports while parsing and validating a card. */
export function cardProblems(card: AdaptiveCard): string[] {
  const parsed = new adaptiveCards.AdaptiveCard();
  const context = new adaptiveCards.SerializationContext();
  parsed.parse(JSON.parse(JSON.stringify(card)), context);
  const problems = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
  return [...problems, ...parsed.validateProperties().validationEvents.map((e) => e.message)];
}

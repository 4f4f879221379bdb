import type { Finding } from '../../../src/findings/finding.js';
import type { Hunt } from '../../../src/hunts/hunt.js';
import type { Notice } from '../../../src/notify/notifier.js';
import { duration, makeHunt, type HuntOverrides } from '../hunt.js';

export function testHunt(overrides: HuntOverrides = {}): Hunt {
  return makeHunt({
    id: '52c9e90b-84f4-4e2d-ae3d-eef85e8aa069',
    name: 'AV Detections with Source',
    description: 'Antivirus detections joined to where the file came from.',
    schedule: '0 0 * * * *',
    lookback: duration('P1D', 86_400_000),
    ingestionDelay: duration('PT15M', 900_000),
    maxCatchUp: duration('P7D', 7 * 86_400_000),
    file: 'hunts/av-detections-with-source.yaml',
    slug: 'av-detections-with-source',
    ...overrides,
    finding: { key: ['DeviceName', 'MD5'], title: '{FileName} on {DeviceName}', severity: 'High', ...overrides.finding },
  });
}

export interface NoticeSpec {
  id?: string;
  title?: string;
  key?: Record<string, unknown>;
  row?: Record<string, unknown>;
  reason?: Notice['reason'];
  severity?: Finding['severity'];
  noticeId?: string;
  timesSeen?: number;
}

let counter = 0;

export function testNotice(spec: NoticeSpec = {}): Notice {
  counter += 1;
  const id = spec.id ?? counter.toString(16).padStart(64, '0');
  const key = spec.key ?? { DeviceName: `host-${counter}`, MD5: 'd41d8cd98f00b204e9800998ecf8427e' };
  return {
    finding: {
      id,
      huntId: '52c9e90b-84f4-4e2d-ae3d-eef85e8aa069',
      key,
      title: spec.title ?? `payload.exe on host-${counter}`,
      severity: spec.severity ?? 'High',
      row: spec.row ?? { ...key, FileName: 'payload.exe', FolderPath: 'C:\\Users\\a\\Downloads', Timestamp: new Date('2024-05-01T10:00:00Z') },
    },
    noticeId: spec.noticeId ?? `${id}.1`,
    reason: spec.reason ?? 'new',
    firstSeen: new Date('2024-05-01T10:00:00Z'),
    lastSeen: new Date('2024-05-02T11:30:00Z'),
    timesSeen: spec.timesSeen ?? 1,
  };
}

export function testNotices(n: number, spec: NoticeSpec = {}): Notice[] {
  return Array.from({ length: n }, () => testNotice(spec));
}

/** What a CommonMark renderer shows for escaped text: a backslash before ASCII punctuation disappears. */
export function renderedMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** Every `text`, fact `title` and fact `value` string in a card, however deep. */
export function cardTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(cardTexts);
  if (node && typeof node === 'object') {
    return Object.entries(node).flatMap(([k, v]) =>
      typeof v === 'string' ? (['text', 'title', 'value'].includes(k) ? [v] : []) : cardTexts(v),
    );
  }
  return [];
}

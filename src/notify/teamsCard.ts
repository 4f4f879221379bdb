import type { Hunt, Severity } from '../hunts/hunt.js';
import { defang, escapeMarkdown, truncate } from '../util/escape.js';
import { displayValue } from '../util/telemetryJson.js';
import type { Notice } from './notifier.js';

/**
 * The Teams message for one run of one hunt: one Adaptive Card (1.5, the highest Teams renders) listing up
 * to N findings, then "and M more". Teams answers 413 to a message over about 28 KB, so the card is rebuilt
 * smaller (shorter values, then fewer findings) until its serialized form fits the budget.
 */

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
export const ADAPTIVE_CARD_VERSION = '1.5';
/** Teams' limit is about 28 KB; a kilobyte is left for what the Workflows flow wraps around the card. */
export const DEFAULT_MAX_MESSAGE_BYTES = 27_000;
export const DEFAULT_MAX_FINDINGS_PER_CARD = 10;

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  size?: 'small' | 'default' | 'medium' | 'large';
  weight?: 'bolder';
  color?: 'attention' | 'warning' | 'accent';
  isSubtle?: boolean;
  style?: 'heading';
  spacing?: 'none' | 'small' | 'medium';
}
export interface FactSet {
  type: 'FactSet';
  facts: { title: string; value: string }[];
}
export interface Container {
  type: 'Container';
  items: (TextBlock | FactSet)[];
  separator?: boolean;
  spacing?: 'medium';
}
export interface AdaptiveCard {
  $schema: typeof ADAPTIVE_CARD_SCHEMA;
  type: 'AdaptiveCard';
  version: typeof ADAPTIVE_CARD_VERSION;
  body: (TextBlock | Container)[];
  /** Teams-only: lets the card use the channel's full width, which FactSets with long values need. */
  msteams: { width: 'Full' };
}
export interface TeamsMessage {
  type: 'message';
  attachments: [{ contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; contentUrl: null; content: AdaptiveCard }];
}

export interface TeamsCardOptions {
  maxFindings?: number;
  maxBytes?: number;
}

export interface BuiltTeamsMessage {
  message: TeamsMessage;
  /** Findings the card lists; the rest are counted in its "and M more" line. */
  shown: number;
  /** UTF-8 size of the serialized message. */
  bytes: number;
}

/** How much of each finding a card shows; the ladder below goes from generous to bare. */
interface Shape {
  findings: number;
  titleChars: number;
  valueChars: number;
  rowColumns: number;
}

function shapes(maxFindings: number): Shape[] {
  const ladder: Shape[] = [200, 100, 50].map((valueChars) => ({
    findings: maxFindings,
    titleChars: Math.max(120, valueChars),
    valueChars,
    rowColumns: 6,
  }));
  for (let n = Math.floor(maxFindings / 2); n >= 1; n = Math.floor(n / 2)) {
    ladder.push({ findings: n, titleChars: 120, valueChars: 50, rowColumns: 3 });
  }
  ladder.push({ findings: Math.min(1, maxFindings), titleChars: 60, valueChars: 20, rowColumns: 0 });
  // Header and counts only: hunt name and id are capped, so this always fits.
  ladder.push({ findings: 0, titleChars: 0, valueChars: 0, rowColumns: 0 });
  return ladder;
}

/** Columns that help an analyst triage, shown first when a row has them; others follow in row order. */
const USEFUL_COLUMNS = [
  'Timestamp',
  'TimeGenerated',
  'DeviceName',
  'AccountName',
  'AccountUpn',
  'FileName',
  'FolderPath',
  'SHA256',
  'SHA1',
  'MD5',
  'FileOriginUrl',
  'FileOriginReferrerUrl',
  'RemoteUrl',
  'RemoteIP',
  'ThreatName',
  'ProcessCommandLine',
  'InitiatingProcessFileName',
  'InitiatingProcessCommandLine',
];

const SEVERITY_RANK: Record<Severity, number> = { High: 3, Medium: 2, Low: 1, Informational: 0 };
const SEVERITY_COLOR: Partial<Record<Severity, TextBlock['color']>> = { High: 'attention', Medium: 'warning' };

/** A telemetry value as card text: truncated raw (so no escape is cut), then defanged, then escaped. */
function telemetryText(value: unknown, maxChars: number): string {
  return escapeMarkdown(defang(truncate(displayValue(value), maxChars)));
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

function formatTime(date: Date): string {
  return Number.isNaN(date.getTime()) ? 'unknown' : date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
}

function rowColumnsToShow(notice: Notice, count: number): string[] {
  if (count === 0) return [];
  const { key, row } = notice.finding;
  const candidates = Object.keys(row).filter((c) => !(c in key) && !isEmpty(row[c]));
  const preferred = USEFUL_COLUMNS.filter((c) => candidates.includes(c));
  const rest = candidates.filter((c) => !USEFUL_COLUMNS.includes(c));
  return [...preferred, ...rest].slice(0, count);
}

function findingContainer(notice: Notice, shape: Shape): Container {
  const { finding } = notice;
  // Column names are usually the hunt's, but bag_unpack and friends can make them from telemetry too.
  const factTitle = (column: string) => telemetryText(column, 60);
  const facts = [
    ...Object.entries(finding.key).map(([column, value]) => ({
      title: factTitle(column),
      value: isEmpty(value) ? '(empty)' : telemetryText(value, shape.valueChars),
    })),
    ...rowColumnsToShow(notice, shape.rowColumns).map((column) => ({
      title: factTitle(column),
      value: telemetryText(finding.row[column], shape.valueChars),
    })),
  ];
  const seen = notice.timesSeen === 1 ? 'seen once' : `seen ${notice.timesSeen} times`;
  const items: Container['items'] = [
    { type: 'TextBlock', text: telemetryText(finding.title, shape.titleChars) || '(no title)', weight: 'bolder', wrap: true },
    {
      type: 'TextBlock',
      text: `${notice.reason === 'new' ? 'New' : 'Seen again'} · ${finding.severity} · first seen ${formatTime(notice.firstSeen)} · last seen ${formatTime(notice.lastSeen)} · ${seen}`,
      isSubtle: true,
      size: 'small',
      spacing: 'none',
      wrap: true,
    },
  ];
  if (facts.length > 0) items.push({ type: 'FactSet', facts });
  return { type: 'Container', items, separator: true, spacing: 'medium' };
}

/** Most severe first, new before seen-again; otherwise the order the run gave. */
function ordered(notices: Notice[]): Notice[] {
  return notices
    .map((notice, index) => ({ notice, index }))
    .sort(
      (a, b) =>
        SEVERITY_RANK[b.notice.finding.severity] - SEVERITY_RANK[a.notice.finding.severity] ||
        Number(a.notice.reason !== 'new') - Number(b.notice.reason !== 'new') ||
        a.index - b.index,
    )
    .map(({ notice }) => notice);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function buildMessage(hunt: Hunt, notices: Notice[], shape: Shape): TeamsMessage {
  const fresh = notices.filter((n) => n.reason === 'new').length;
  const again = notices.length - fresh;
  const severity = hunt.finding.severity;
  const counts = [fresh > 0 ? `**${fresh}** new` : '', again > 0 ? `**${again}** seen again` : '']
    .filter(Boolean)
    .join(' · ');
  const body: AdaptiveCard['body'] = [
    { type: 'TextBlock', text: escapeMarkdown(truncate(hunt.name, 200)), style: 'heading', size: 'large', weight: 'bolder', wrap: true },
    {
      type: 'TextBlock',
      text: `Severity **${severity}** · ${counts || 'no findings'}`,
      color: SEVERITY_COLOR[severity],
      spacing: 'small',
      wrap: true,
    },
  ];
  const shown = notices.slice(0, shape.findings);
  for (const notice of shown) body.push(findingContainer(notice, shape));
  const omitted = notices.length - shown.length;
  if (omitted > 0) {
    body.push({
      type: 'TextBlock',
      text: `…and ${plural(omitted, 'more finding', 'more findings')} not shown on this card.`,
      isSubtle: true,
      wrap: true,
    });
  }
  body.push({ type: 'TextBlock', text: `Hunt ${escapeMarkdown(truncate(hunt.id, 100))}`, isSubtle: true, size: 'small', wrap: true });
  return {
    type: 'message',
    attachments: [
      {
        contentType: ADAPTIVE_CARD_CONTENT_TYPE,
        contentUrl: null,
        content: { $schema: ADAPTIVE_CARD_SCHEMA, type: 'AdaptiveCard', version: ADAPTIVE_CARD_VERSION, body, msteams: { width: 'Full' } },
      },
    ],
  };
}

export function messageBytes(message: TeamsMessage): number {
  return Buffer.byteLength(JSON.stringify(message), 'utf8');
}

/** The largest card (by the ladder above) whose serialized message fits `maxBytes`. */
export function buildTeamsMessage(hunt: Hunt, notices: Notice[], options: TeamsCardOptions = {}): BuiltTeamsMessage {
  const maxFindings = Math.max(0, Math.floor(options.maxFindings ?? DEFAULT_MAX_FINDINGS_PER_CARD));
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const sorted = ordered(notices);
  let last: BuiltTeamsMessage | undefined;
  for (const shape of shapes(maxFindings)) {
    const message = buildMessage(hunt, sorted, shape);
    last = { message, shown: Math.min(shape.findings, sorted.length), bytes: messageBytes(message) };
    if (last.bytes <= maxBytes) return last;
  }
  // Only a budget smaller than a bare header lands here; the caller posts it and Teams decides.
  return last!;
}

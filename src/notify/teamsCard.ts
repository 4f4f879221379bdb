import { findingLinks, type FindingLink, type LinkSettings } from '../findings/findingLinks.js';
import { renderTemplate, templateColumns } from '../findings/titleTemplate.js';
import { defaultTitleTemplate, renderTitle } from '../findings/toFindings.js';
import type { Hunt, Severity } from '../hunts/hunt.js';
import { defang, escapeMarkdown, truncate } from '../util/escape.js';
import { displayValue } from '../util/telemetryJson.js';
import { cardValue, columnTitle, defaultShownColumns, eventTime, formatTime, isEmptyValue } from './cardText.js';
import type { Notice } from './notifier.js';

/**
 * The Teams message for one run of one hunt: one Adaptive Card (1.5, the highest Teams renders) listing up
 * to N findings, then "and M more". Teams answers 413 to a message over about 28 KB, so the card is rebuilt
 * smaller (shorter values, then fewer findings) until its serialized form fits the budget.
 *
 * Actions (Action.OpenUrl, the only kind a Workflows-posted card can use): each finding carries its own
 * ActionSet under its facts (device, file, the finding in the tab), so no button leaves an analyst guessing
 * which finding it opens. The hunt's query in Log Analytics and advanced hunting is the same for every
 * finding of the run, so it sits once in the card's own actions, over the window of the findings shown:
 * a copy per finding would cost about 2 KB each and push findings off the card.
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
export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}
export interface ActionSet {
  type: 'ActionSet';
  actions: OpenUrlAction[];
}
export interface Container {
  type: 'Container';
  items: (TextBlock | FactSet | ActionSet)[];
  separator?: boolean;
  spacing?: 'medium';
}
export interface AdaptiveCard {
  $schema: typeof ADAPTIVE_CARD_SCHEMA;
  type: 'AdaptiveCard';
  version: typeof ADAPTIVE_CARD_VERSION;
  body: (TextBlock | Container)[];
  /** The hunt's query in Log Analytics and advanced hunting (the same for every finding on the card). */
  actions?: OpenUrlAction[];
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
  /** Settings the links need (findingLinks.ts); without them only the device, file and advanced hunting links. */
  links?: LinkSettings;
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
  /** Characters of each value in a finding's title. */
  titleChars: number;
  valueChars: number;
  /** Facts per finding. */
  facts: number;
  /** Each finding's own links (device, file, tab). */
  findingActions: boolean;
  /** The card's query links. */
  queryActions: boolean;
}

function shapes(maxFindings: number): Shape[] {
  const ladder: Shape[] = [200, 100, 50].map((valueChars) => ({
    findings: maxFindings,
    titleChars: Math.max(80, valueChars),
    valueChars,
    facts: 10,
    findingActions: true,
    queryActions: true,
  }));
  for (let n = Math.floor(maxFindings / 2); n >= 1; n = Math.floor(n / 2)) {
    ladder.push({ findings: n, titleChars: 80, valueChars: 50, facts: 5, findingActions: true, queryActions: true });
  }
  ladder.push({ findings: Math.min(1, maxFindings), titleChars: 40, valueChars: 20, facts: 0, findingActions: false, queryActions: true });
  ladder.push({ findings: 0, titleChars: 0, valueChars: 0, facts: 0, findingActions: false, queryActions: true });
  // Header and counts only: hunt name and id are capped, so this always fits (a huge query's links may not).
  ladder.push({ findings: 0, titleChars: 0, valueChars: 0, facts: 0, findingActions: false, queryActions: false });
  return ladder;
}

const SEVERITY_RANK: Record<Severity, number> = { High: 3, Medium: 2, Low: 1, Informational: 0 };
const SEVERITY_COLOR: Partial<Record<Severity, TextBlock['color']>> = { High: 'attention', Medium: 'warning' };
const FINDING_LINK_KINDS: FindingLink['kind'][] = ['device', 'file', 'tab'];
const QUERY_LINK_KINDS: FindingLink['kind'][] = ['logAnalytics', 'advancedHunting'];

/**
 * The window a notice's run queried, as near as the notice keeps it: its lookback ending when the run saw it,
 * reaching back to the event itself when a catch-up window began earlier. Owed notices of earlier runs and
 * `hunts redeliver` get the window of the run that made them, not of the run that posts them.
 */
export function noticeWindow(hunt: Hunt, notice: Notice): { start: Date; end: Date } {
  const end = notice.lastSeen;
  const start = new Date(end.getTime() - hunt.lookback.ms);
  const event = eventTime(notice.finding.row)?.time;
  return { start: event && event < start ? event : start, end };
}

function openUrl(link: FindingLink): OpenUrlAction {
  return { type: 'Action.OpenUrl', title: link.title, url: link.url };
}

/**
 * The finding's title as card Markdown. When the stored title is what the hunt's template makes of the
 * notice's row, it is made again column by column, so each value is treated as its column says (a threat
 * name as it is, a URL defanged); otherwise (the template changed since, a column was cut for storage) the
 * stored title, defanged whole: the notice's text is frozen.
 */
function titleText(hunt: Hunt, notice: Notice, valueChars: number): string {
  const { finding } = notice;
  const template = hunt.finding.title || defaultTitleTemplate(hunt.name, Object.keys(finding.key));
  const row = { ...finding.row, ...finding.key };
  const same = templateColumns(template).every((c) => Object.hasOwn(row, c)) && renderTitle(template, row) === finding.title;
  const text = same
    ? renderTemplate(template, row, { value: (column, value) => cardValue(column, value, valueChars), literal: escapeMarkdown }).trim()
    : escapeMarkdown(defang(truncate(displayValue(finding.title), Math.max(valueChars, 60))));
  return text || '(no title)';
}

function shownColumns(hunt: Hunt, notice: Notice): string[] {
  const { key, row } = notice.finding;
  const show = hunt.finding.show ?? [];
  return show.length ? show : defaultShownColumns(key, row);
}

function facts(hunt: Hunt, notice: Notice, shape: Shape): FactSet['facts'] {
  const { key, row } = notice.finding;
  const out: FactSet['facts'] = [];
  for (const column of shownColumns(hunt, notice)) {
    if (out.length >= shape.facts) break;
    const inKey = Object.hasOwn(key, column);
    const value = inKey ? key[column] : Object.hasOwn(row, column) ? row[column] : undefined;
    // An empty key value says something (the finding is keyed on "nothing there"); another empty one is left out.
    if (isEmptyValue(value)) {
      if (inKey) out.push({ title: columnTitle(column), value: '(none)' });
      continue;
    }
    out.push({ title: columnTitle(column), value: cardValue(column, value, shape.valueChars) });
  }
  return out;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function timesLine(notice: Notice): string {
  const event = eventTime(notice.finding.row);
  const seen = notice.timesSeen === 1 ? 'seen once' : `seen ${notice.timesSeen} times`;
  const noticed =
    notice.reason === 'new' || notice.firstSeen.getTime() === notice.lastSeen.getTime()
      ? `noticed ${formatTime(notice.lastSeen)}`
      : `first noticed ${formatTime(notice.firstSeen)}, last ${formatTime(notice.lastSeen)}`;
  return [notice.reason === 'new' ? 'New' : 'Seen again', notice.finding.severity, event ? `event ${formatTime(event.time)}` : '', noticed, seen]
    .filter(Boolean)
    .join(' · ');
}

function findingContainer(hunt: Hunt, notice: Notice, shape: Shape, links: LinkSettings): Container {
  const { finding } = notice;
  const items: Container['items'] = [
    { type: 'TextBlock', text: titleText(hunt, notice, shape.titleChars), weight: 'bolder', wrap: true },
    { type: 'TextBlock', text: timesLine(notice), isSubtle: true, size: 'small', spacing: 'none', wrap: true },
  ];
  const shown = facts(hunt, notice, shape);
  if (shown.length > 0) items.push({ type: 'FactSet', facts: shown });
  if (shape.findingActions) {
    const own = findingLinks({ hunt, findingId: finding.id, key: finding.key, row: finding.row }, links).filter((l) => FINDING_LINK_KINDS.includes(l.kind));
    if (own.length) items.push({ type: 'ActionSet', actions: own.map(openUrl) });
  }
  return { type: 'Container', items, separator: true, spacing: 'medium' };
}

const MAX_QUERY_URL_CHARS = 4_000;

/** The query links over every notice's window (the card's and those in its "and M more"): one pair for the card. */
function queryActions(hunt: Hunt, notices: Notice[], links: LinkSettings): OpenUrlAction[] {
  if (notices.length === 0) return [];
  const windows = notices.map((n) => noticeWindow(hunt, n));
  const window = {
    start: new Date(Math.min(...windows.map((w) => w.start.getTime()))),
    end: new Date(Math.max(...windows.map((w) => w.end.getTime()))),
  };
  return findingLinks({ hunt, findingId: '', key: {}, row: {}, window }, links)
    .filter((l) => QUERY_LINK_KINDS.includes(l.kind))
    .map(openUrl);
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

function buildMessage(hunt: Hunt, notices: Notice[], shape: Shape, links: LinkSettings, query: OpenUrlAction[]): TeamsMessage {
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
  for (const notice of shown) body.push(findingContainer(hunt, notice, shape, links));
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
  const actions = shape.queryActions ? query : [];
  const content: AdaptiveCard = { $schema: ADAPTIVE_CARD_SCHEMA, type: 'AdaptiveCard', version: ADAPTIVE_CARD_VERSION, body, msteams: { width: 'Full' } };
  if (actions.length) content.actions = actions;
  return {
    type: 'message',
    attachments: [
      {
        contentType: ADAPTIVE_CARD_CONTENT_TYPE,
        contentUrl: null,
        content,
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
  const links = options.links ?? {};
  // A query so long that its links would push findings off the card is left to the tab and the portal.
  const query = queryActions(hunt, sorted, links).filter((a) => a.url.length <= MAX_QUERY_URL_CHARS);
  let last: BuiltTeamsMessage | undefined;
  for (const shape of shapes(maxFindings)) {
    const message = buildMessage(hunt, sorted, shape, links, query);
    last = { message, shown: Math.min(shape.findings, sorted.length), bytes: messageBytes(message) };
    if (last.bytes <= maxBytes) return last;
  }
  // Only a budget smaller than a bare header lands here; the caller posts it and Teams decides.
  return last!;
}

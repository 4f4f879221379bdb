/**
 * How a finding's columns read on a Teams card: which columns show, in what order, under what title, and
 * how each value is made safe. Values are telemetry (attacker-controlled): every one is Markdown-escaped
 * and has its hidden characters shown; network indicators (URLs, domains, IPs, e-mail addresses) are defanged,
 * but a threat name, file name, path or device name is shown as it is, so it can be pasted into a search.
 */
import { defang, escapeMarkdown, truncate } from '../util/escape.js';
import { displayValue } from '../util/telemetryJson.js';

/** Short titles for the columns Defender and Sentinel hunts return; a FactSet title column is narrow. */
const COLUMN_TITLES: Record<string, string> = {
  AccountName: 'Account',
  AccountUpn: 'Account',
  DetectedFiles: 'Detected files',
  DetectedUrl: 'Detected URL',
  DeviceId: 'Device ID',
  DeviceName: 'Device',
  FileName: 'File',
  FileOriginIP: 'Origin IP',
  FileOriginReferrerUrl: 'Referrer',
  FileOriginUrl: 'Origin URL',
  FolderPath: 'Path',
  InitiatingProcessAccountName: 'Process account',
  InitiatingProcessCommandLine: 'Process command line',
  InitiatingProcessFileName: 'Process',
  InitiatingProcessParentFileName: 'Parent process',
  MachineCount: 'Devices',
  ProcessCommandLine: 'Command line',
  RemoteIP: 'Remote IP',
  RemoteUrl: 'Remote URL',
  ThreatName: 'Threat',
  ThreatNames: 'Threats',
  TimeGenerated: 'Time',
  Timestamp: 'Time',
};

/**
 * Names and paths: shown as they are, so they can be pasted into a search, unless a live URL is inside (a
 * crafted file name). Every other column is defanged, which changes only what is shaped like a URL, host,
 * IPv4 or e-mail address (a command line's `evil.example` too) and leaves hashes, counts and words alone.
 */
const AS_IS_COLUMN = /(devicename|^computer$|hostname|machinename|threatname|threatnames|threatfamily|filename|folderpath|detectedfiles|accountname|accountdomain)$/i;
const SCHEME = /[a-z][a-z0-9+.-]{0,30}:\/\//i;
/** Event time columns, most specific first: Defender's Timestamp is when it happened. */
const EVENT_TIME_COLUMNS = ['Timestamp', 'TimeGenerated'];
const IDENTIFIER_COLUMN = /(id|guid|sha1|sha256|md5|hash|sid)$/i;
const TIME_COLUMN = /(time|timestamp|date)$/i;
const EVIDENCE_COLUMN = /(threat|url|uri|domain|detected|remoteip|sender|subject)/i;

/** A column name as a short fact title: a known column's, else its words split at capitals so a narrow column wraps between words. */
export function columnTitle(column: string): string {
  // hasOwn: a column named `constructor` or `__proto__` (bag_unpack of telemetry) is just a name.
  const title = Object.hasOwn(COLUMN_TITLES, column) ? COLUMN_TITLES[column] : column.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  // Column names are usually the hunt's, but bag_unpack and friends can make them from telemetry too.
  return escapeMarkdown(defang(truncate(title, 40)));
}

function shouldDefang(column: string, text: string): boolean {
  return !AS_IS_COLUMN.test(column) || SCHEME.test(text);
}

/** Lists come as arrays from the local engine and as JSON text from Log Analytics' dynamic columns. */
function asList(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string' && value.startsWith('[') && value.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed) && parsed.every((v) => v === null || typeof v !== 'object')) return parsed;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function parseTime(value: unknown): Date | undefined {
  const date = value instanceof Date ? value : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

export function formatTime(date: Date): string {
  return Number.isNaN(date.getTime()) ? 'unknown' : date.toISOString().replace('T', ' ').replace(/(:\d{2})\.\d{3}Z$/, '$1 UTC');
}

function oneValue(column: string, value: unknown, maxChars: number): string {
  const time = value instanceof Date || TIME_COLUMN.test(column) ? parseTime(value) : undefined;
  if (time) return formatTime(time);
  // Truncated raw so no escape is cut in half, then defanged (if a network indicator), then escaped.
  const text = truncate(displayValue(value), maxChars);
  return escapeMarkdown(shouldDefang(column, text) ? defang(text) : text);
}

/** A telemetry value as card text: lists as `a, b`, times in UTC, network indicators defanged, all escaped. */
export function cardValue(column: string, value: unknown, maxChars: number): string {
  const list = asList(value);
  if (!list) return oneValue(column, value, maxChars);
  const per = Math.max(8, Math.floor(maxChars / Math.max(1, list.length)));
  return truncateJoined(list.map((v) => oneValue(column, v, per)), maxChars);
}

/** Items joined with ", ", cut at a whole item: an escape is never cut in half. */
function truncateJoined(items: string[], maxChars: number): string {
  let out = '';
  for (const [i, item] of items.entries()) {
    const next = i === 0 ? item : `${out}, ${item}`;
    if (i > 0 && next.length > maxChars) return `${out}, …`;
    out = next;
  }
  return out;
}

/** The finding's own time (Timestamp, else TimeGenerated), as opposed to when a run noticed it. */
export function eventTime(row: Record<string, unknown>): { column: string; time: Date } | undefined {
  for (const column of EVENT_TIME_COLUMNS) {
    const time = parseTime(row[column]);
    if (time) return { column, time };
  }
  return undefined;
}

export function isEmptyValue(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0) || value === '[]';
}

/**
 * The columns a card shows when the hunt has no `finding.show`: the key, then the evidence (lists, threat
 * names, URLs), then the rest, then identifiers and times; never the event time (the card says it apart).
 */
export function defaultShownColumns(key: Record<string, unknown>, row: Record<string, unknown>): string[] {
  const event = eventTime(row)?.column;
  const rest = Object.keys(row).filter((c) => !Object.hasOwn(key, c) && c !== event && !isEmptyValue(row[c]));
  const rank = (c: string): number => {
    const v = row[c];
    if (asList(v) || EVIDENCE_COLUMN.test(c)) return 0;
    if (v instanceof Date || TIME_COLUMN.test(c)) return 3;
    if (IDENTIFIER_COLUMN.test(c)) return 2;
    return 1;
  };
  const ordered = rest.map((c, i) => ({ c, i, r: rank(c) })).sort((a, b) => a.r - b.r || a.i - b.i);
  return [...Object.keys(key), ...ordered.map((o) => o.c)];
}

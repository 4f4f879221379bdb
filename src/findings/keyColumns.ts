import type { FindingSpec, KeySource } from '../hunts/hunt.js';
import type { ResultColumn } from '../sources/querySource.js';

/**
 * Column names that identify a thing a hunt can find again on the next run: a device or host, an
 * account, an IP address, a URL or domain, a file hash, a process or file. A hunt's key is made of
 * these when it names none, so the same device and file seen tomorrow is the same finding. The
 * patterns follow the names Defender XDR and Sentinel tables use (DeviceName, AccountUpn, RemoteIP,
 * FileOriginUrl, SHA256, InitiatingProcessFileName, Computer, UserPrincipalName, SrcIpAddr ...).
 */
const IDENTITY_NAMES: { kind: string; pattern: RegExp }[] = [
  { kind: 'device', pattern: /(device|computer|machine|host)(name|id)?$/i },
  { kind: 'account', pattern: /(account(name|domain|sid|upn|objectid|displayname|id)?|user(name|id|principalname|sid|upn)?|upn)$/i },
  { kind: 'account', pattern: /(email|mailfrom|from|recipient)address$|^(caller|identity|recipient|sender)$/i },
  // Case-sensitive: "IP"/"Ip" starts a word in these names, where /ip$/i would also take "Tooltip".
  { kind: 'ip', pattern: /(IP|Ip)(Address|Addr|v4|v6)?$/ },
  { kind: 'url', pattern: /(url|uri|domain(name)?|fqdn)$/i },
  { kind: 'hash', pattern: /(md5|sha1|sha256|sha512|hash)$/i },
  { kind: 'process', pattern: /(filename|processname|^process|folderpath|commandline)$/i },
];

/** Identity values are text; a count or a time changes between runs and would make every run's finding new. */
const IDENTITY_TYPES = new Set(['string', 'guid']);
/** Never part of a key: every event has its own time, so a key holding one never repeats. */
const TIME_TYPES = new Set(['datetime', 'date', 'timespan', 'time']);
/** For results with no identity-like column: the columns that name something rather than measure it. */
const LABEL_TYPES = new Set(['string', 'guid', 'bool', 'boolean']);

/**
 * Defender's prefixes for the entities around an event's subject: the process that acted, and the
 * file or request before the change. In a whole-row result they would multiply the key without
 * telling two findings apart, so they count only when the subject has no column of that kind.
 */
const CONTEXT = /^(InitiatingProcess(Parent)?|Previous|Request)/;

function identityKind(column: ResultColumn): string | null {
  if (!IDENTITY_TYPES.has(column.type.toLowerCase())) return null;
  return IDENTITY_NAMES.find((n) => n.pattern.test(column.name))?.kind ?? null;
}

export function isIdentityColumn(column: ResultColumn): boolean {
  return identityKind(column) !== null;
}

/**
 * The key of a hunt that names none: its identity-like columns in result order (a context column,
 * InitiatingProcessFileName say, only when no column of its kind names the subject); failing those
 * its text columns; failing those every column but times. Never a datetime or timespan column.
 */
export function deriveKeyColumns(columns: readonly ResultColumn[]): string[] {
  const identity = columns.map((c) => ({ name: c.name, kind: identityKind(c), context: CONTEXT.test(c.name) })).filter((c) => c.kind !== null);
  const subjectKinds = new Set(identity.filter((c) => !c.context).map((c) => c.kind));
  if (identity.length) return identity.filter((c) => !c.context || !subjectKinds.has(c.kind)).map((c) => c.name);
  const labels = columns.filter((c) => LABEL_TYPES.has(c.type.toLowerCase()));
  if (labels.length) return labels.map((c) => c.name);
  return columns.filter((c) => !TIME_TYPES.has(c.type.toLowerCase())).map((c) => c.name);
}

export interface ResolvedKey {
  columns: string[];
  source: KeySource;
}

/** The columns that identify a finding for this hunt and result, and where they came from. */
export function resolveKeyColumns(spec: FindingSpec, columns: readonly ResultColumn[]): ResolvedKey {
  if (spec.key.length) return { columns: spec.key, source: spec.keySource === 'derived from columns' ? 'finding.key' : spec.keySource };
  return { columns: deriveKeyColumns(columns), source: 'derived from columns' };
}

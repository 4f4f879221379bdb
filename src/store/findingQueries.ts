/**
 * Reads for the findings API: a hunt's findings newest first, filtered and paged; one finding; what a
 * hunt still owes on each channel; its latest successful run.
 *
 * Table Storage orders entities by key (the finding id is a hash), never by lastSeen, so a page is
 * cut from a narrow scan of the hunt's partitions (id, lastSeen, triage state: tens of bytes each),
 * and only the page's own entities are read whole. Positions are (lastSeen, id) pairs, so a page
 * boundary stays put while runs add findings.
 */
import { odata, type TableClient } from '@azure/data-tables';
import { CHANNELS, type Channel } from '../notify/notifier.js';
import { KEY_PROPERTIES, storedKey, storedRecord } from './entityLimits.js';
import { findingPartition, huntFindingsFilter, isHuntFindingPartition, partitionFilter } from './findingPartitions.js';
import type { DeliveryState } from './findingStore.js';
import { getEntityOrNull, mapLimit } from './tableOps.js';
import { TRIAGE_STATES, type TriageState } from './triageStore.js';

const READ_CONCURRENCY = 16;

export interface FindingFilter {
  state?: TriageState;
  /** lastSeen at or after. */
  since?: Date;
  /** lastSeen at or before. */
  until?: Date;
}

/** Where a page ends: the last finding it held. */
export interface FindingPosition {
  lastSeen: Date;
  id: string;
}

export interface StoredFinding {
  huntId: string;
  id: string;
  title: string;
  severity: string;
  triage: { state: TriageState; by?: string; at?: Date; reason?: string };
  firstSeen: Date;
  lastSeen: Date;
  timesSeen: number;
  key: Record<string, unknown>;
  /** The latest row, as stored (capped). */
  row: Record<string, unknown>;
  delivery: Record<Channel, DeliveryState>;
}

interface FindingEntity {
  title?: string;
  noticeTitle?: string;
  severity?: string;
  firstSeen?: Date;
  lastSeen?: Date;
  timesSeen?: number;
  rowJson?: string;
  noticeRowJson?: string;
  triageState?: string;
  triageBy?: string;
  triageAt?: Date;
  triageReason?: string;
  [property: string]: unknown;
}

const FINDING_SELECT = [
  'title',
  'noticeTitle',
  'severity',
  'firstSeen',
  'lastSeen',
  'timesSeen',
  'rowJson',
  'noticeRowJson',
  'triageState',
  'triageBy',
  'triageAt',
  'triageReason',
  ...KEY_PROPERTIES,
  ...CHANNELS.map((c) => `${c}State`),
];

interface IndexEntity {
  lastSeen?: Date;
  triageState?: string;
}

/** Newest lastSeen first; the id breaks ties, so the order is total and a position is exact. */
function newestFirst(a: FindingPosition, b: FindingPosition): number {
  return b.lastSeen.getTime() - a.lastSeen.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function triageState(value: unknown): TriageState {
  return (TRIAGE_STATES as readonly unknown[]).includes(value) ? (value as TriageState) : 'open';
}

/**
 * Up to `limit` of the hunt's findings after `after` (or from the newest), newest lastSeen first, and
 * whether more follow.
 */
export async function listFindings(
  findings: TableClient,
  huntId: string,
  filter: FindingFilter,
  after: FindingPosition | null,
  limit: number,
): Promise<{ findings: StoredFinding[]; more: boolean }> {
  const positions: FindingPosition[] = [];
  let query = huntFindingsFilter(huntId);
  if (filter.since) query += odata` and lastSeen ge ${filter.since}`;
  if (filter.until) query += odata` and lastSeen le ${filter.until}`;
  const entities = findings.listEntities<IndexEntity>({ queryOptions: { filter: query, select: ['PartitionKey', 'RowKey', 'lastSeen', 'triageState'] } });
  for await (const e of entities) {
    if (e.rowKey === undefined || !(e.lastSeen instanceof Date) || !isHuntFindingPartition(huntId, e.partitionKey)) continue;
    // In code, not in the filter: entities written before triage existed have no triageState and are open.
    if (filter.state && triageState(e.triageState) !== filter.state) continue;
    const position = { lastSeen: e.lastSeen, id: e.rowKey };
    if (after && newestFirst(position, after) <= 0) continue;
    positions.push(position);
  }
  positions.sort(newestFirst);
  const page = positions.slice(0, limit);
  const read = await mapLimit(page, READ_CONCURRENCY, (p) => readFinding(findings, huntId, p.id));
  return { findings: read.filter((f): f is StoredFinding => f !== null), more: positions.length > limit };
}

export async function readFinding(findings: TableClient, huntId: string, id: string): Promise<StoredFinding | null> {
  const e = await getEntityOrNull<FindingEntity>(findings, findingPartition(huntId, id), id, FINDING_SELECT);
  return e && toStoredFinding(huntId, id, e);
}

function toStoredFinding(huntId: string, id: string, e: FindingEntity): StoredFinding {
  const epoch = new Date(0);
  const firstSeen = e.firstSeen ?? epoch;
  const state = triageState(e.triageState);
  const triage: StoredFinding['triage'] = { state };
  if (e.triageBy) triage.by = e.triageBy;
  if (e.triageAt instanceof Date) triage.at = e.triageAt;
  if (e.triageReason) triage.reason = e.triageReason;
  const delivery = Object.fromEntries(CHANNELS.map((c) => [c, (e[`${c}State`] as DeliveryState | undefined) ?? 'skipped'])) as Record<Channel, DeliveryState>;
  return {
    huntId,
    id,
    title: e.title ?? e.noticeTitle ?? '',
    severity: e.severity ?? 'Informational',
    triage,
    firstSeen,
    lastSeen: e.lastSeen ?? firstSeen,
    timesSeen: e.timesSeen ?? 1,
    key: storedKey(e),
    // An empty rowJson means the latest row is the notice's, stored once (tableFindingStore.ts).
    row: storedRecord(e.rowJson || e.noticeRowJson || '{}'),
    delivery,
  };
}

export interface NoticeCounts {
  owed: Record<Channel, number>;
  deadLettered: Record<Channel, number>;
}

/** Notices the hunt still owes (pending or retrying) and its dead letters, per channel. */
export async function noticeCounts(findings: TableClient, huntId: string, maxAttempts: number): Promise<NoticeCounts> {
  const zero = () => Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<Channel, number>;
  const counts: NoticeCounts = { owed: zero(), deadLettered: zero() };
  const undelivered = CHANNELS.map((c) => `${c}State eq 'pending' or ${c}State eq 'retrying' or ${c}State eq 'failed'`).join(' or ');
  const select = ['PartitionKey', 'RowKey', ...CHANNELS.flatMap((c) => [`${c}State`, `${c}Attempts`])];
  const entities = findings.listEntities<Record<string, unknown>>({ queryOptions: { filter: `${huntFindingsFilter(huntId)} and (${undelivered})`, select } });
  for await (const e of entities) {
    if (!isHuntFindingPartition(huntId, e.partitionKey)) continue;
    for (const c of CHANNELS) {
      const state = e[`${c}State`];
      const attempts = typeof e[`${c}Attempts`] === 'number' ? (e[`${c}Attempts`] as number) : 0;
      // As owedNoticePages counts them: `failed` below the cap was left by versions without one, still owed.
      if (state === 'pending' || state === 'retrying' || (state === 'failed' && attempts < maxAttempts)) counts.owed[c] += 1;
      else if (state === 'failed') counts.deadLettered[c] += 1;
    }
  }
  return counts;
}

/** When the hunt's newest successful run started, or null. Runs are stored newest first. */
export async function lastSuccess(runs: TableClient, huntId: string): Promise<Date | null> {
  const pages = runs
    .listEntities<{ startedAt?: Date }>({ queryOptions: { filter: odata`PartitionKey eq ${huntId} and status eq 'succeeded'`, select: ['startedAt'] } })
    .byPage({ maxPageSize: 1 });
  // A filtered query may answer empty pages with a continuation before the first match.
  for await (const page of pages) {
    const first = page[0];
    if (first) return first.startedAt ?? null;
  }
  return null;
}

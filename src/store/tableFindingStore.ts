/**
 * FindingStore on Azure Table Storage (DESIGN.md "State in Table Storage").
 *
 * findings: PartitionKey hunt id + shard (findingPartitions.ts), RowKey finding id. runs: PartitionKey hunt id, RowKey inverted
 * start time + run id. hunts: PartitionKey "hunt", RowKey hunt id, holding lease and watermark.
 * Writes to one hunt's findings are serialized by the hunt's lease, so read-modify-write (timesSeen,
 * attempts) needs no ETags there; the lease itself is ETag-guarded.
 */
import { odata, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import type { Finding } from '../findings/finding.js';
import type { Hunt, Severity } from '../hunts/hunt.js';
import { CHANNELS, type Channel } from '../notify/notifier.js';
import { telemetryJson } from '../util/telemetryJson.js';
import {
  ERROR_MAX,
  KEY_PARTS_MAX,
  KEY_PROPERTIES,
  PROPERTY_PART_UNITS,
  TITLE_MAX,
  capString,
  cappedRowJson,
  parseStoredJson,
  splitIntoParts,
  storedKey,
  storedRecord,
} from './entityLimits.js';
import {
  DEFAULT_MAX_ATTEMPTS,
  type DeliveryState,
  type FindingStore,
  type Lease,
  type NoticeQuery,
  type ReconcileResult,
  type ReconcileStatus,
  type ReconciledFinding,
  type RecordedDeliveries,
  type RunRecord,
  type RunStatus,
  type SettledNotice,
  type StoredNotice,
} from './findingStore.js';
import { SHARDED_LAYOUT, type FindingLayout } from './findingPartitions.js';
import { hasLegacyFindings, moveLegacyFindings } from './legacyFindings.js';
import { createTableServiceConfig, type TableServiceConfig, type TableSettings } from './tableClients.js';
import { getEntityOrNull, MAX_TRANSACTION_OPS, mapLimit, restStatus, submitInTransactions } from './tableOps.js';
import { readSuppressions, type Suppression } from './triageStore.js';

export type { DeliveryState } from './findingStore.js';
export type TriageState = 'open' | (string & {});

export interface TableFindingStoreOptions {
  /** Point reads in flight at once. Default 16. */
  readConcurrency?: number;
  /**
   * From this many keys on, one partition query (narrow $select, 1000 entities a page) replaces the
   * point reads. Default 200. A point read costs a request per key; the query costs a request per
   * 1000 entities the hunt has ever stored, so it wins while the partition is small next to the keys.
   */
  scanThreshold?: number;
  /** Where findings live. Default: sharded, moving any a version before it left in one partition. */
  layout?: FindingLayout;
}

const HUNTS_PARTITION = 'hunt';
const DEFAULT_NOTICE_PAGE = 500;
/** Findings written per round of reconcile: a few transactions side by side, and only their rows' JSON held. */
const RECONCILE_BATCH = 4 * MAX_TRANSACTION_OPS;

/** Property names of one channel's delivery state on a finding entity. */
function channelProps(channel: Channel) {
  return {
    state: `${channel}State`,
    attempts: `${channel}Attempts`,
    lastError: `${channel}LastError`,
    sentAt: `${channel}SentAt`,
  } as const;
}

/**
 * The fields reconcile needs to classify a finding; the rest (rows up to 30K) is not read. The latest
 * row is `rowJson`, or when that is empty the notice's row, `noticeRowJson`.
 */
interface ExistingFinding {
  firstSeen?: Date;
  timesSeen?: number;
  noticeSeq?: number;
  lastNoticeAt?: Date;
}
const EXISTING_SELECT = ['firstSeen', 'timesSeen', 'noticeSeq', 'lastNoticeAt'];

/**
 * What an owed notice is read from. The notice* fields are frozen when the notice is made, so every
 * attempt sends the same body; entities from before they existed fall back to the finding's own fields.
 */
interface StoredNoticeEntity extends ExistingFinding {
  lastSeen?: Date;
  title?: string;
  severity?: string;
  rowJson?: string;
  noticeTitle?: string;
  noticeSeverity?: string;
  noticeTimesSeen?: number;
  noticeRowJson?: string;
  noticeTruncated?: string;
  noticeHuntName?: string;
  [keyPart: string]: unknown;
}
const NOTICE_SELECT = [
  'RowKey',
  'firstSeen',
  'lastSeen',
  'timesSeen',
  'noticeSeq',
  'lastNoticeAt',
  'title',
  'severity',
  'noticeTitle',
  'noticeSeverity',
  'noticeTimesSeen',
  'noticeRowJson',
  'noticeTruncated',
  'noticeHuntName',
  ...KEY_PROPERTIES,
];

interface HuntEntity {
  leaseOwner?: string;
  leaseUntil?: Date;
  watermark?: Date;
}

interface RunEntity {
  runId?: string;
  startedAt?: Date;
  windowStart?: Date;
  windowEnd?: Date;
  status?: string;
  rows?: number;
  findings?: number;
  newFindings?: number;
  excluded?: number;
  notified?: number;
  durationMs?: number;
  error?: string;
  failedNotices?: number;
  deadLettered?: number;
  deliveryIncomplete?: boolean;
  excludedByTriage?: number;
}

/** How long a reader may hold a hunt's lease to move its legacy findings: pages of 500, a few requests each. */
const LEGACY_MOVE_LEASE_MS = 5 * 60_000;

export class TableFindingStore implements FindingStore {
  private readonly readConcurrency: number;
  private readonly scanThreshold: number;
  private readonly layout: FindingLayout;
  /** Hunts whose findings this store has already moved out of the legacy partition. */
  private readonly moved = new Set<string>();

  constructor(
    private readonly tables: TableServiceConfig,
    options: TableFindingStoreOptions = {},
  ) {
    this.readConcurrency = options.readConcurrency ?? 16;
    this.scanThreshold = options.scanThreshold ?? 200;
    this.layout = options.layout ?? SHARDED_LAYOUT;
  }

  static fromSettings(settings: TableSettings, options?: TableFindingStoreOptions): TableFindingStore {
    return new TableFindingStore(createTableServiceConfig(settings), options);
  }

  async ensureTables(): Promise<void> {
    // createTable already treats 409 TableAlreadyExists as success.
    await Promise.all([this.tables.findings, this.tables.runs, this.tables.hunts, this.tables.suppressions].map((t) => t.createTable()));
  }

  // ---- lease and watermark -------------------------------------------------------------------

  async acquireLease(huntId: string, owner: string, ttlMs: number, now: Date): Promise<Lease | null> {
    assertKey(huntId, 'hunt id');
    if (!owner) throw new Error('lease owner must not be empty');
    const until = new Date(now.getTime() + ttlMs);
    const held = { partitionKey: HUNTS_PARTITION, rowKey: huntId, leaseOwner: owner, leaseUntil: until };

    const lease = (etag: string | undefined): Lease => ({ huntId, owner, until, etag: etag ?? '' });
    // The SDK retries a request whose response was lost, and the retry then meets our own write as
    // a conflict: an entity naming this very lease tells that apart from a lost race.
    const isThisLease = (e: HuntEntity | null): boolean =>
      e !== null && e.leaseOwner === owner && e.leaseUntil?.getTime() === until.getTime();

    let current = await this.readHunt(huntId);
    if (!current) {
      try {
        return lease((await this.tables.hunts.createEntity(held)).etag);
      } catch (error) {
        if (restStatus(error) !== 409) throw error;
        current = await this.readHunt(huntId);
        if (!current) return null; // created and deleted under us: the next run decides
        if (isThisLease(current)) return lease(current.etag);
      }
    }
    if (current.leaseOwner && current.leaseUntil && current.leaseUntil.getTime() > now.getTime()) return null;
    try {
      return lease((await this.tables.hunts.updateEntity(held, 'Merge', { etag: current.etag })).etag);
    } catch (error) {
      const status = restStatus(error);
      if (status !== 412 && status !== 404) throw error;
      const after = await this.readHunt(huntId);
      return after && isThisLease(after) ? lease(after.etag) : null; // usually: another run won
    }
  }

  /**
   * Frees the lease if it is still this one. Ownership is (owner, until): the ETag also changes
   * when the watermark is written under the lease, so a 412 is re-checked rather than trusted.
   */
  async releaseLease(lease: Lease): Promise<void> {
    const free = { partitionKey: HUNTS_PARTITION, rowKey: lease.huntId, leaseOwner: '', leaseUntil: new Date(0) };
    let etag = lease.etag;
    for (let attempt = 0; attempt < 5; attempt++) {
      if (etag) {
        try {
          await this.tables.hunts.updateEntity(free, 'Merge', { etag });
          return;
        } catch (error) {
          const status = restStatus(error);
          if (status === 404) return;
          if (status !== 412) throw error;
        }
      }
      const current = await this.readHunt(lease.huntId);
      const stillOurs =
        current !== null &&
        current.leaseOwner === lease.owner &&
        current.leaseUntil?.getTime() === lease.until.getTime();
      if (!stillOurs) return;
      etag = current.etag;
    }
  }

  async getWatermark(huntId: string): Promise<Date | null> {
    assertKey(huntId, 'hunt id');
    const hunt = await this.readHunt(huntId);
    return hunt?.watermark instanceof Date ? hunt.watermark : null;
  }

  async setWatermark(huntId: string, end: Date): Promise<void> {
    assertKey(huntId, 'hunt id');
    // Merge, so the lease fields written by acquireLease stay as they are.
    await this.tables.hunts.upsertEntity({ partitionKey: HUNTS_PARTITION, rowKey: huntId, watermark: end }, 'Merge');
  }

  private readHunt(huntId: string): Promise<TableEntityResult<HuntEntity> | null> {
    return getEntityOrNull<HuntEntity>(this.tables.hunts, HUNTS_PARTITION, huntId, [
      'leaseOwner',
      'leaseUntil',
      'watermark',
    ]);
  }

  // ---- findings ------------------------------------------------------------------------------

  async reconcile(
    hunt: Hunt,
    findings: Finding[],
    runId: string,
    now: Date,
    channels: readonly Channel[],
  ): Promise<ReconcileResult> {
    assertKey(hunt.id, 'hunt id');
    await this.moveLegacy(hunt.id);
    // One entity per id: a transaction may not touch an entity twice, and the latest row wins.
    const unique = new Map<string, Finding>();
    for (const finding of findings) {
      assertKey(finding.id, 'finding id');
      unique.set(finding.id, finding);
    }
    const ids = [...unique.keys()];
    const existing = await this.readFindings<ExistingFinding>(hunt.id, ids, EXISTING_SELECT);

    const renotifyMs = hunt.finding.renotifyAfter?.ms ?? null;
    const reconciled: ReconciledFinding[] = [];
    const counts: Record<ReconcileStatus, number> = { new: 0, seen: 0, renotify: 0 };
    // Written a transaction's worth at a time, so the rows' JSON is held for at most that many findings.
    let actions: TransactionAction[] = [];

    for (const [id, finding] of unique) {
      const prev = existing.get(id);
      const row = cappedRowJson(finding.row);
      const common = {
        partitionKey: this.layout.partition(hunt.id, id),
        rowKey: id,
        lastSeen: now,
        lastRunId: runId,
        title: capString(finding.title, TITLE_MAX),
        rowTruncated: row.truncated,
      };

      let status: ReconcileStatus;
      let entity: Record<string, unknown> & { partitionKey: string; rowKey: string };
      let firstSeen: Date;
      let timesSeen: number;
      if (!prev) {
        status = 'new';
        firstSeen = now;
        timesSeen = 1;
        entity = {
          ...common,
          firstSeen,
          timesSeen,
          severity: finding.severity,
          ...keyProperties(finding.key),
          triageState: 'open',
          // The latest row is the notice's until the finding is seen again: stored once, not twice.
          rowJson: '',
          ...noticeFields(hunt, 1, now, timesSeen, finding, row),
          ...deliveryOwed(channels),
        };
      } else {
        firstSeen = prev.firstSeen ?? now;
        timesSeen = (prev.timesSeen ?? 0) + 1;
        const lastNoticeAt = prev.lastNoticeAt ?? firstSeen;
        const due = renotifyMs !== null && now.getTime() - lastNoticeAt.getTime() >= renotifyMs;
        status = due ? 'renotify' : 'seen';
        entity = due
          ? {
              ...common,
              timesSeen,
              severity: finding.severity,
              rowJson: '',
              ...noticeFields(hunt, (prev.noticeSeq ?? 1) + 1, now, timesSeen, finding, row),
              ...deliveryOwed(channels),
            }
          : { ...common, timesSeen, rowJson: row.json };
      }
      counts[status] += 1;
      actions.push(['upsert', entity, 'Merge']);
      reconciled.push({ finding, status, firstSeen, lastSeen: now, timesSeen });
      if (actions.length >= RECONCILE_BATCH) {
        await submitInTransactions(this.tables.findings, actions);
        actions = [];
      }
    }

    await submitInTransactions(this.tables.findings, actions);
    return { findings: reconciled, newCount: counts.new, seenCount: counts.seen, renotifyCount: counts.renotify };
  }

  async *owedNoticePages(huntId: string, channel: Channel, query: NoticeQuery = {}): AsyncIterable<StoredNotice[]> {
    assertKey(huntId, 'hunt id');
    const maxAttempts = checkMaxAttempts(query.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    const p = channelProps(channel);
    // Property names and states are our own constants and maxAttempts a checked integer; only the hunt id
    // needs escaping. `failed` below the cap was written by versions without a cap: still owed.
    const states = query.deadLetters
      ? `${p.state} eq 'pending' or ${p.state} eq 'retrying' or ${p.state} eq 'failed'`
      : `${p.state} eq 'pending' or ${p.state} eq 'retrying' or (${p.state} eq 'failed' and ${p.attempts} lt ${maxAttempts})`;
    await this.moveLegacy(huntId);
    const filter = `${this.layout.filter(huntId)} and (${states})`;
    const pages = this.tables.findings
      .listEntities<StoredNoticeEntity>({ queryOptions: { filter, select: ['PartitionKey', ...NOTICE_SELECT, p.state, p.attempts] } })
      .byPage({ maxPageSize: Math.max(1, Math.min(1000, query.pageSize ?? DEFAULT_NOTICE_PAGE)) });
    for await (const page of pages) {
      const ours = page.filter((e) => this.layout.holds(huntId, e.partitionKey));
      // A filtered query may answer an empty page with a continuation: nothing to yield.
      if (ours.length === 0) continue;
      const notices = await this.toNotices(huntId, ours, p, maxAttempts);
      yield notices.sort(byAge);
    }
  }

  async owedNotices(huntId: string, channel: Channel, query: NoticeQuery = {}): Promise<StoredNotice[]> {
    const all: StoredNotice[] = [];
    for await (const page of this.owedNoticePages(huntId, channel, query)) all.push(...page);
    return all.sort(byAge);
  }

  private async toNotices(
    huntId: string,
    page: TableEntityResult<StoredNoticeEntity>[],
    p: ReturnType<typeof channelProps>,
    maxAttempts: number,
  ): Promise<StoredNotice[]> {
    // Notices made by versions that froze nothing: their row is the finding's latest, read on its own
    // so that current entities are not read with both rows.
    const older = page.filter((e) => typeof e.noticeRowJson !== 'string').map((e) => e.rowKey!);
    const olderRows = await this.readFindings<{ rowJson?: string }>(huntId, older, ['rowJson']);
    return page.map((entity): StoredNotice => {
      const findingId = entity.rowKey!;
      const noticeSeq = entity.noticeSeq ?? 1;
      const firstSeen = entity.firstSeen ?? new Date(0);
      const state = (entity[p.state] ?? 'pending') as DeliveryState;
      const attempts = typeof entity[p.attempts] === 'number' ? (entity[p.attempts] as number) : 0;
      const rowJson = entity.noticeRowJson ?? olderRows.get(findingId)?.rowJson;
      const truncated = parseStoredJson(entity.noticeTruncated || '[]');
      const notice: StoredNotice = {
        finding: {
          id: findingId,
          huntId,
          key: storedKey(entity),
          title: entity.noticeTitle ?? entity.title ?? '',
          severity: (entity.noticeSeverity ?? entity.severity ?? 'Informational') as Severity,
          row: storedRecord(rowJson),
        },
        noticeId: `${findingId}-${noticeSeq}`,
        reason: noticeSeq === 1 ? 'new' : 'renotify',
        firstSeen,
        lastSeen: entity.lastNoticeAt ?? entity.lastSeen ?? firstSeen,
        timesSeen: entity.noticeTimesSeen ?? entity.timesSeen ?? 1,
        state,
        // A dead letter sent again on request starts counting afresh.
        attempts: state === 'failed' && attempts >= maxAttempts ? 0 : attempts,
      };
      if (Array.isArray(truncated) && truncated.length) notice.truncated = truncated.map(String);
      if (typeof entity.noticeHuntName === 'string') notice.huntName = entity.noticeHuntName;
      return notice;
    });
  }

  async recordDeliveries(
    huntId: string,
    channel: Channel,
    settled: SettledNotice[],
    now: Date,
    maxAttempts: number,
  ): Promise<RecordedDeliveries> {
    assertKey(huntId, 'hunt id');
    checkMaxAttempts(maxAttempts);
    const p = channelProps(channel);
    const counts: RecordedDeliveries = { sent: 0, retrying: 0, deadLettered: 0 };
    const actions: TransactionAction[] = [];
    for (const { notice, result } of settled) {
      assertKey(notice.finding.id, 'finding id');
      // The notice was read under this hunt's lease, so its attempts are current: no read before the write.
      const attempts = notice.attempts + 1;
      let update: Record<string, unknown>;
      if (result.ok) {
        update = { [p.state]: 'sent', [p.attempts]: attempts, [p.sentAt]: now, [p.lastError]: '' };
        counts.sent += 1;
      } else {
        const dead = attempts >= maxAttempts;
        update = { [p.state]: dead ? 'failed' : 'retrying', [p.attempts]: attempts, [p.lastError]: capString(result.error ?? 'failed', ERROR_MAX) };
        if (dead) counts.deadLettered += 1;
        else counts.retrying += 1;
      }
      // Update, not upsert: a result never creates an entity.
      actions.push(['update', { partitionKey: this.layout.partition(huntId, notice.finding.id), rowKey: notice.finding.id, ...update }, 'Merge']);
    }
    await submitInTransactions(this.tables.findings, actions);
    return counts;
  }

  /** The stored entities among `ids` (absent ones missing from the map), only `select`ed fields. */
  private async readFindings<T extends object>(
    huntId: string,
    ids: string[],
    select: string[],
  ): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    if (ids.length >= this.scanThreshold) {
      const wanted = new Set(ids);
      const entities = this.tables.findings.listEntities<T>({
        queryOptions: { filter: this.layout.filter(huntId), select: ['PartitionKey', 'RowKey', ...select] },
      });
      for await (const entity of entities) {
        if (entity.rowKey !== undefined && wanted.has(entity.rowKey) && this.layout.holds(huntId, entity.partitionKey)) {
          found.set(entity.rowKey, entity);
        }
      }
      return found;
    }
    const entities = await mapLimit(ids, this.readConcurrency, (id) =>
      getEntityOrNull<T>(this.tables.findings, this.layout.partition(huntId, id), id, select),
    );
    entities.forEach((entity, index) => {
      if (entity) found.set(ids[index]!, entity);
    });
    return found;
  }

  /**
   * For readers outside a run (the findings API): moves the hunt's findings out of the legacy
   * partition, under the hunt's lease, so a store written by an older version shows them before the
   * hunt next runs. While a run holds the lease it moves them itself, before it reads; this then
   * leaves them, and the reader sees what is moved so far.
   */
  async settleLegacy(huntId: string, owner: string, now: Date): Promise<void> {
    assertKey(huntId, 'hunt id');
    if (!this.layout.movesLegacy || this.moved.has(huntId)) return;
    if (!(await hasLegacyFindings(this.tables.findings, huntId))) {
      this.moved.add(huntId);
      return;
    }
    const lease = await this.acquireLease(huntId, owner, LEGACY_MOVE_LEASE_MS, now);
    if (!lease) return;
    try {
      await this.moveLegacy(huntId);
    } finally {
      await this.releaseLease(lease);
    }
  }

  private async moveLegacy(huntId: string): Promise<void> {
    if (!this.layout.movesLegacy || this.moved.has(huntId)) return;
    await moveLegacyFindings(this.tables.findings, huntId);
    this.moved.add(huntId);
  }

  suppressions(huntId: string): Promise<Map<string, Suppression>> {
    assertKey(huntId, 'hunt id');
    return readSuppressions(this.tables.suppressions, huntId);
  }

  // ---- runs ----------------------------------------------------------------------------------

  async recordRun(record: RunRecord): Promise<void> {
    assertKey(record.huntId, 'hunt id');
    const entity: Record<string, unknown> & { partitionKey: string; rowKey: string } = {
      partitionKey: record.huntId,
      rowKey: runRowKey(record.startedAt, record.runId),
      runId: record.runId,
      startedAt: record.startedAt,
      windowStart: record.window.start,
      windowEnd: record.window.end,
      status: record.status,
      rows: record.rows,
      findings: record.findings,
      newFindings: record.newFindings,
      excluded: record.excluded,
      notified: record.notified,
      durationMs: Math.round(record.durationMs),
    };
    if (record.failedNotices !== undefined) entity.failedNotices = record.failedNotices;
    if (record.deadLettered !== undefined) entity.deadLettered = record.deadLettered;
    if (record.deliveryIncomplete !== undefined) entity.deliveryIncomplete = record.deliveryIncomplete;
    if (record.excludedByTriage !== undefined) entity.excludedByTriage = record.excludedByTriage;
    if (record.error !== undefined) entity.error = capString(record.error, ERROR_MAX * 4);
    await this.tables.runs.upsertEntity(entity, 'Replace');
  }

  async listRuns(huntId: string, limit: number): Promise<RunRecord[]> {
    assertKey(huntId, 'hunt id');
    if (limit <= 0) return [];
    const runs: RunRecord[] = [];
    const pages = this.tables.runs
      .listEntities<RunEntity>({ queryOptions: { filter: odata`PartitionKey eq ${huntId}` } })
      .byPage({ maxPageSize: Math.min(limit, 1000) });
    for await (const page of pages) {
      for (const entity of page) {
        runs.push(toRunRecord(huntId, entity));
        if (runs.length >= limit) return runs;
      }
    }
    return runs;
  }
}

/** Every channel gets a fresh notice state: owed where configured, skipped elsewhere. */
function deliveryOwed(channels: readonly Channel[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const channel of CHANNELS) {
    const p = channelProps(channel);
    fields[p.state] = channels.includes(channel) ? 'pending' : 'skipped';
    fields[p.attempts] = 0;
    fields[p.lastError] = '';
  }
  return fields;
}

/**
 * Everything a notice's body is made of, frozen when the notice is made: a retry, a later run or
 * `hunts redeliver` sends the very same body under the same webhook-id.
 */
function noticeFields(
  hunt: Hunt,
  noticeSeq: number,
  now: Date,
  timesSeen: number,
  finding: Finding,
  row: ReturnType<typeof cappedRowJson>,
): Record<string, unknown> {
  const truncated = truncatedColumns(row);
  return {
    noticeSeq,
    lastNoticeAt: now,
    noticeTimesSeen: timesSeen,
    noticeTitle: capString(finding.title, TITLE_MAX),
    noticeHuntName: capString(hunt.name, TITLE_MAX),
    noticeSeverity: finding.severity,
    noticeRowJson: row.json,
    noticeTruncated: truncated.length ? telemetryJson(truncated) : '',
  };
}

/** The row columns cappedRowJson cut, when it says (older versions of it only said whether). */
function truncatedColumns(row: ReturnType<typeof cappedRowJson>): string[] {
  if ('truncatedColumns' in row && Array.isArray(row.truncatedColumns)) return row.truncatedColumns.map(String);
  return [];
}

/**
 * The finding key's JSON whole, across as many properties as it needs: the key is what a receiver
 * matches on, so it is never cut while an entity can hold it. Beyond that (hundreds of KB of key) it is
 * capped, and says so.
 */
function keyProperties(key: Record<string, unknown>): Record<string, unknown> {
  const max = KEY_PARTS_MAX * PROPERTY_PART_UNITS;
  let json = telemetryJson(key);
  const keyTruncated = json.length > max;
  if (keyTruncated) json = cappedRowJson(key, max).json;
  const parts = splitIntoParts(json);
  const fields: Record<string, unknown> = { keyTruncated };
  KEY_PROPERTIES.slice(0, parts.length).forEach((name, i) => (fields[name] = parts[i]));
  return fields;
}

function checkMaxAttempts(value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`maxAttempts must be a whole number of at least 1, not ${value}`);
  return value;
}

function byAge(a: StoredNotice, b: StoredNotice): number {
  return a.firstSeen.getTime() - b.firstSeen.getTime() || compare(a.finding.id, b.finding.id);
}

/**
 * Newest first under Table Storage's ascending RowKey order: the start time subtracted from the
 * largest Date value, zero-padded to 16 digits, then the run id so two runs in one ms stay distinct.
 */
export function runRowKey(startedAt: Date, runId: string): string {
  const inverted = String(8_640_000_000_000_000 - startedAt.getTime()).padStart(16, '0');
  return `${inverted}_${runId.replace(/[/\\#?\u0000-\u001f\u007f-\u009f]/g, '_')}`;
}

function toRunRecord(huntId: string, e: RunEntity): RunRecord {
  const epoch = new Date(0);
  const record: RunRecord = {
    huntId,
    runId: e.runId ?? '',
    startedAt: e.startedAt ?? epoch,
    window: { start: e.windowStart ?? epoch, end: e.windowEnd ?? epoch },
    status: (e.status ?? 'failed') as RunStatus,
    rows: e.rows ?? 0,
    findings: e.findings ?? 0,
    newFindings: e.newFindings ?? 0,
    excluded: e.excluded ?? 0,
    notified: e.notified ?? 0,
    durationMs: e.durationMs ?? 0,
  };
  if (e.error) record.error = e.error;
  if (typeof e.failedNotices === 'number') record.failedNotices = e.failedNotices;
  if (typeof e.deadLettered === 'number') record.deadLettered = e.deadLettered;
  if (typeof e.deliveryIncomplete === 'boolean') record.deliveryIncomplete = e.deliveryIncomplete;
  if (typeof e.excludedByTriage === 'number') record.excludedByTriage = e.excludedByTriage;
  return record;
}

/** Table keys may not hold / \ # ? or control characters, nor be empty or over 1 KiB. */
function assertKey(value: string, what: string): void {
  if (!value || value.length > 512 || /[/\\#?\u0000-\u001f\u007f-\u009f]/.test(value)) {
    throw new Error(`${what} ${JSON.stringify(value)} cannot be a Table Storage key`);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

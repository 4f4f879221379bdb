import type { Finding } from '../findings/finding.js';
import type { Hunt } from '../hunts/hunt.js';
import type { Channel, Notice, NoticeResult } from '../notify/notifier.js';
import type { Suppression } from './triageStore.js';

export type ReconcileStatus = 'new' | 'seen' | 'renotify';

export interface ReconciledFinding {
  finding: Finding;
  status: ReconcileStatus;
  firstSeen: Date;
  lastSeen: Date;
  timesSeen: number;
}

export interface ReconcileResult {
  findings: ReconciledFinding[];
  newCount: number;
  seenCount: number;
  renotifyCount: number;
}

export interface Lease {
  huntId: string;
  owner: string;
  /** Opaque concurrency token (the entity's ETag). */
  etag: string;
  until: Date;
}

export type RunStatus = 'succeeded' | 'failed' | 'skipped';

/**
 * One channel's delivery state on a finding. `pending` (never tried) and `retrying` (tried, below the
 * attempt cap) are owed; `failed` is a dead letter (the cap was reached), sent again only on request.
 */
export type DeliveryState = 'pending' | 'retrying' | 'sent' | 'failed' | 'skipped';

/** An owed (or dead-lettered) notice as stored: what recording its result needs besides the notice. */
export interface StoredNotice extends Notice {
  state: DeliveryState;
  /** Runs that tried it so far. */
  attempts: number;
}

/** Runs that may try a notice before it becomes a dead letter, unless DELIVERY_MAX_ATTEMPTS says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 10;

export interface NoticeQuery {
  /** Attempts after which a notice is a dead letter (default DEFAULT_MAX_ATTEMPTS). */
  maxAttempts?: number;
  /** Also the dead letters (`hunts redeliver --failed`), their attempts counted from zero again. */
  deadLetters?: boolean;
  /** Notices per page (default 500). */
  pageSize?: number;
}

export interface SettledNotice {
  notice: StoredNotice;
  result: NoticeResult;
}

export interface RecordedDeliveries {
  sent: number;
  /** Failed and still owed. */
  retrying: number;
  /** Failed for the last allowed time: now dead letters. */
  deadLettered: number;
}

export interface RunRecord {
  huntId: string;
  runId: string;
  startedAt: Date;
  window: { start: Date; end: Date };
  status: RunStatus;
  rows: number;
  findings: number;
  newFindings: number;
  excluded: number;
  notified: number;
  durationMs: number;
  error?: string;
  /** Notices that failed this run, dead letters included (absent in records of older versions). */
  failedNotices?: number;
  /** Notices that became dead letters this run. */
  deadLettered?: number;
  /** Findings dropped because an analyst marked them false positives (absent in older records). */
  excludedByTriage?: number;
  /** The run's deadline stopped delivery with notices still owed. */
  deliveryIncomplete?: boolean;
}

export interface FindingStore {
  /** Creates the tables if missing; safe to call on every run. */
  ensureTables(): Promise<void>;

  /** Takes the hunt's lease, or answers null when another run holds an unexpired one. */
  acquireLease(huntId: string, owner: string, ttlMs: number, now: Date): Promise<Lease | null>;
  releaseLease(lease: Lease): Promise<void>;

  /** End of the last fully successful window, or null before the first. */
  getWatermark(huntId: string): Promise<Date | null>;
  setWatermark(huntId: string, end: Date): Promise<void>;

  /**
   * Stores every finding (new, seen again, due for re-notice) before any notice is sent.
   * `channels` are the channels configured for this run: a new or re-notified finding is owed
   * a notice on each of them; others are marked skipped.
   */
  reconcile(
    hunt: Hunt,
    findings: Finding[],
    runId: string,
    now: Date,
    channels: readonly Channel[],
  ): Promise<ReconcileResult>;

  /**
   * Notices of this hunt owed on `channel` (pending, or retrying below the cap), a page at a time, so
   * memory stays bounded however many are owed; oldest first within a page.
   */
  owedNoticePages(huntId: string, channel: Channel, query?: NoticeQuery): AsyncIterable<StoredNotice[]>;
  /** Every page of `owedNoticePages` at once, oldest first: for small sets and tests. */
  owedNotices(huntId: string, channel: Channel, query?: NoticeQuery): Promise<StoredNotice[]>;

  /**
   * Records results as they come: ok is `sent`; a failure is `retrying`, or `failed` (a dead letter) once
   * the notice has been tried `maxAttempts` times. Writes only what it is given, in as few transactions
   * as the table allows.
   */
  recordDeliveries(huntId: string, channel: Channel, settled: SettledNotice[], now: Date, maxAttempts: number): Promise<RecordedDeliveries>;

  /** The hunt's findings triaged as false positives, by finding id: a run drops them before reconcile. */
  suppressions(huntId: string): Promise<Map<string, Suppression>>;

  recordRun(record: RunRecord): Promise<void>;
  /** Newest first. */
  listRuns(huntId: string, limit: number): Promise<RunRecord[]>;
}

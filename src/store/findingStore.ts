import type { Finding } from '../findings/finding.js';
import type { Hunt } from '../hunts/hunt.js';
import type { Channel, Notice, NoticeResult } from '../notify/notifier.js';

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

  /** Findings of this hunt still owed a notice on `channel` (pending or failed), oldest first. */
  owedNotices(huntId: string, channel: Channel): Promise<Notice[]>;

  /** Records per-finding delivery results; a finding stays owed until a result says ok. */
  markDelivered(huntId: string, channel: Channel, results: NoticeResult[], now: Date): Promise<void>;

  recordRun(record: RunRecord): Promise<void>;
  /** Newest first. */
  listRuns(huntId: string, limit: number): Promise<RunRecord[]>;
}

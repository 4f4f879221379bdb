import { randomUUID } from 'node:crypto';
import type { Hunt } from '../hunts/hunt.js';
import type { Channel, Notice, Notifier, Preview } from '../notify/notifier.js';
import type { QuerySource, QueryWindow } from '../sources/querySource.js';
import type { FindingStore, ReconciledFinding, RunStatus } from '../store/findingStore.js';
import { huntFindings } from './huntFindings.js';
import { computeWindow } from './window.js';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface RunDeps {
  source: QuerySource;
  store: FindingStore;
  notifiers: Notifier[];
  /** The run's clock; the local source defaults it to the newest event in its data. */
  now: () => Date;
  log?: Logger;
  /** False runs the hunt raw (`--no-exclusions`), to show what the exclusions hide. */
  applyExclusions?: boolean;
  /** For channels with no URL: keep what would have been posted, so the CLI can print it. */
  preview?: boolean;
  /** Longer than the Function timeout, so a crashed run's lease expires before the next run needs it. */
  leaseTtlMs?: number;
}

export interface ChannelReport {
  channel: Channel;
  configured: boolean;
  /** Notices this run tried to deliver (new ones and any still owed from earlier runs). */
  attempted: number;
  sent: number;
  failed: number;
  errors: string[];
  previews: Preview[];
  /** Notices given up on after the attempt cap (the delivery work sets it; absent means 0). */
  deadLettered?: number;
}

/** One measured step of a run, on the wall clock (telemetry turns each into a span). */
export interface RunPhase {
  name: 'query' | 'reconcile' | `deliver:${Channel}`;
  start: Date;
  durationMs: number;
  /** The step threw: the run failed there. */
  failed?: boolean;
}

export interface HuntRunReport {
  huntId: string;
  huntName: string;
  huntFile: string;
  runId: string;
  source: string;
  status: RunStatus;
  /** Why a run was skipped, or what failed. */
  reason?: string;
  startedAt: Date;
  window: QueryWindow | null;
  rows: number;
  excluded: number;
  excludedByRule: Record<string, number>;
  exclusionsApplied: boolean;
  findings: ReconciledFinding[];
  newCount: number;
  seenCount: number;
  renotifyCount: number;
  channels: ChannelReport[];
  durationMs: number;
  /** Notices left owed because the run's deadline came (the delivery work sets it; absent means false). */
  deliveryIncomplete?: boolean;
  /** Wall-clock start of the run: `startedAt` is the run's clock, which a local run sets to its data's time. */
  measuredFrom: Date;
  phases: RunPhase[];
}

export const DEFAULT_LEASE_TTL_MS = 15 * 60_000;

function newRunId(at: Date): string {
  return `${at.toISOString().replace(/[-:.]/g, '')}-${randomUUID().slice(0, 8)}`;
}

function previewNotices(findings: ReconciledFinding[]): Notice[] {
  return findings
    .filter((f) => f.status !== 'seen')
    .map((f) => ({
      finding: f.finding,
      noticeId: `${f.finding.id}-preview`,
      reason: f.status === 'new' ? 'new' : 'renotify',
      firstSeen: f.firstSeen,
      lastSeen: f.lastSeen,
      timesSeen: f.timesSeen,
    }));
}

/** Runs one step of the run and records its wall-clock timing in the report, whether it succeeds or throws. */
async function phase<T>(report: HuntRunReport, name: RunPhase['name'], step: () => Promise<T>): Promise<T> {
  const start = new Date();
  const clock = performance.now();
  let failed = false;
  try {
    return await step();
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    report.phases.push({ name, start, durationMs: performance.now() - clock, ...(failed && { failed }) });
  }
}

async function deliver(hunt: Hunt, deps: RunDeps, findings: ReconciledFinding[], run: HuntRunReport): Promise<ChannelReport[]> {
  const reports: ChannelReport[] = [];
  for (const notifier of deps.notifiers) {
    const report: ChannelReport = { channel: notifier.channel, configured: notifier.configured, attempted: 0, sent: 0, failed: 0, errors: [], previews: [] };
    reports.push(report);
    if (!notifier.configured) {
      if (deps.preview) {
        const notices = previewNotices(findings);
        if (notices.length) report.previews = notifier.preview(hunt, notices);
      }
      continue;
    }
    // Everything still owed, not just this run's new findings: a notice that failed earlier goes out now.
    const results = await phase(run, `deliver:${notifier.channel}`, async () => {
      const owed = await deps.store.owedNotices(hunt.id, notifier.channel);
      if (!owed.length) return [];
      report.attempted = owed.length;
      const sent = await notifier.send(hunt, owed);
      await deps.store.markDelivered(hunt.id, notifier.channel, sent, deps.now());
      return sent;
    });
    for (const r of results) {
      if (r.ok) report.sent++;
      else {
        report.failed++;
        if (r.error && !report.errors.includes(r.error)) report.errors.push(r.error);
      }
    }
  }
  return reports;
}

/**
 * One run of one hunt (DESIGN.md "Flow"): lease, window, query, exclusions, findings, reconcile,
 * notices, run record, watermark. Never throws: the report says what happened.
 */
export async function runHunt(hunt: Hunt, deps: RunDeps): Promise<HuntRunReport> {
  const startedAt = deps.now();
  const runId = newRunId(startedAt);
  const clock = performance.now();
  const measuredFrom = new Date();
  const report: HuntRunReport = {
    huntId: hunt.id,
    huntName: hunt.name,
    huntFile: hunt.file,
    runId,
    source: deps.source.name,
    status: 'failed',
    startedAt,
    window: null,
    rows: 0,
    excluded: 0,
    excludedByRule: {},
    exclusionsApplied: deps.applyExclusions !== false,
    findings: [],
    newCount: 0,
    seenCount: 0,
    renotifyCount: 0,
    channels: [],
    durationMs: 0,
    measuredFrom,
    phases: [],
  };

  let lease = null;
  try {
    lease = await deps.store.acquireLease(hunt.id, runId, deps.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS, startedAt);
    if (!lease) {
      report.status = 'skipped';
      report.reason = 'another run of this hunt holds its lease; this run did nothing';
      deps.log?.warn(`${hunt.name}: skipped, another run holds the lease`);
    } else {
      const watermark = await deps.store.getWatermark(hunt.id);
      const window = computeWindow(hunt, startedAt, watermark);
      report.window = window;
      const { result, outcome, findings } = await phase(report, 'query', () => huntFindings(hunt, deps.source, window, report.exclusionsApplied));
      report.rows = result.rows.length;
      report.excluded = outcome.excluded;
      report.excludedByRule = outcome.byRule;
      const channels = deps.notifiers.filter((n) => n.configured).map((n) => n.channel);
      const reconciled = await phase(report, 'reconcile', () => deps.store.reconcile(hunt, findings, runId, startedAt, channels));
      report.findings = reconciled.findings;
      report.newCount = reconciled.newCount;
      report.seenCount = reconciled.seenCount;
      report.renotifyCount = reconciled.renotifyCount;
      report.channels = await deliver(hunt, deps, reconciled.findings, report);
      // Undelivered notices stay owed in the store, so the window can move on without losing them.
      await deps.store.setWatermark(hunt.id, window.end);
      report.status = 'succeeded';
    }
  } catch (err) {
    report.status = 'failed';
    report.reason = err instanceof Error ? err.message : String(err);
    deps.log?.error(`${hunt.name}: run failed: ${report.reason}`);
  }
  report.durationMs = Math.round(performance.now() - clock);

  if (lease) {
    try {
      await deps.store.recordRun({
        huntId: hunt.id,
        runId,
        startedAt,
        window: report.window ?? { start: startedAt, end: startedAt },
        status: report.status,
        rows: report.rows,
        findings: report.findings.length,
        newFindings: report.newCount,
        excluded: report.excluded,
        notified: report.channels.reduce((n, c) => n + c.sent, 0),
        durationMs: report.durationMs,
        error: report.reason,
      });
    } catch (err) {
      deps.log?.warn(`${hunt.name}: could not record the run: ${(err as Error).message}`);
    }
    try {
      await deps.store.releaseLease(lease);
    } catch (err) {
      deps.log?.warn(`${hunt.name}: could not release the lease (it expires by itself): ${(err as Error).message}`);
    }
  }
  return report;
}

import { randomUUID } from 'node:crypto';
import type { Hunt } from '../hunts/hunt.js';
import { placeInHuntFile } from '../hunts/queryErrorAt.js';
import type { Channel, Notice, Notifier } from '../notify/notifier.js';
import type { QuerySource, QueryWindow } from '../sources/querySource.js';
import type { FindingStore, ReconciledFinding, RunStatus } from '../store/findingStore.js';
import { NO_DEADLINE, type Deadline } from '../util/deadline.js';
import { measure } from '../util/measure.js';
import { deliverOwed, type ChannelReport } from './deliver.js';
import { huntFindings } from './huntFindings.js';
import { computeWindow } from './window.js';

export type { ChannelReport } from './deliver.js';

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
  /**
   * When the run must be done (runLimits.ts): the query must end by it, and delivery stops at it, leaving
   * the rest owed. The run record, watermark and lease release come after, inside the margin.
   */
  deadline?: Deadline;
  /** Runs that may try a notice before it is dead-lettered (DELIVERY_MAX_ATTEMPTS). */
  maxAttempts?: number;
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
  /** Findings dropped because an analyst marked them false positives (the suppressions table). */
  excludedByTriage: number;
  exclusionsApplied: boolean;
  findings: ReconciledFinding[];
  newCount: number;
  seenCount: number;
  renotifyCount: number;
  channels: ChannelReport[];
  /** The deadline stopped delivery with notices still owed: "delivery incomplete". */
  deliveryIncomplete: boolean;
  durationMs: number;
  /** Wall-clock start of the run: `startedAt` is the run's clock, which a local run sets to its data's time. */
  measuredFrom: Date;
  phases: RunPhase[];
}

/** One measured step of a run, on the wall clock (telemetry turns each into a span). */
export interface RunPhase {
  name: 'query' | 'reconcile' | `deliver:${Channel}`;
  start: Date;
  durationMs: number;
  /** The step threw: the run failed there. */
  failed?: boolean;
}

/** A run whose notices did not all go out: some failed (or were dead-lettered), or the deadline came first. */
export function deliveryTrouble(report: Pick<HuntRunReport, 'channels' | 'deliveryIncomplete'>): boolean {
  return report.deliveryIncomplete || report.channels.some((c) => c.failed > 0 || c.deadLettered > 0);
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
function phase<T>(report: HuntRunReport, name: RunPhase['name'], step: () => Promise<T>): Promise<T> {
  return measure(step, (start, durationMs, failed) => report.phases.push({ name, start, durationMs, ...(failed && { failed }) }));
}

async function deliver(hunt: Hunt, deps: RunDeps, findings: ReconciledFinding[], run: HuntRunReport): Promise<ChannelReport[]> {
  // Everything still owed, not just this run's new findings: a notice that failed earlier goes out now.
  const reports = await deliverOwed(hunt, {
    ...deps,
    measureChannel: (channel, work) => phase(run, `deliver:${channel}`, work),
  });
  if (deps.preview) {
    for (const [i, notifier] of deps.notifiers.entries()) {
      if (notifier.configured) continue;
      const notices = previewNotices(findings);
      if (notices.length) reports[i]!.previews = notifier.preview(hunt, notices);
    }
  }
  return reports;
}

/** The query, unless the deadline comes first: a query still running then fails the run, nothing stored. */
function beforeDeadline<T>(work: Promise<T>, deadline: Deadline, what: string): Promise<T> {
  if (deadline.signal.aborted) return Promise.reject(new Error(`the run's deadline came before ${what}; nothing was stored or sent, the watermark stays`));
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(new Error(`the run's deadline came during ${what}; nothing was stored or sent, the watermark stays`));
    deadline.signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => deadline.signal.removeEventListener('abort', stop));
  });
}

function logDelivery(hunt: Hunt, deps: RunDeps, report: HuntRunReport): void {
  for (const c of report.channels) {
    if (c.deadLettered) {
      deps.log?.error(
        `${hunt.name}: ${c.deadLettered} ${c.channel} notice(s) failed ${deps.maxAttempts ?? 'the maximum number of'} times and are dead letters now: no run retries them; \`hunts redeliver --failed\` sends them again (${c.errors.join('; ')})`,
      );
    }
    if (c.failed > c.deadLettered) deps.log?.warn(`${hunt.name}: ${c.failed - c.deadLettered} ${c.channel} notice(s) failed and stay owed; the next run retries them`);
  }
  if (report.deliveryIncomplete) deps.log?.warn(`${hunt.name}: delivery incomplete: the run's deadline came with notices still owed; the next run sends them`);
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
    excludedByTriage: 0,
    exclusionsApplied: deps.applyExclusions !== false,
    findings: [],
    newCount: 0,
    seenCount: 0,
    renotifyCount: 0,
    channels: [],
    deliveryIncomplete: false,
    durationMs: 0,
    measuredFrom,
    phases: [],
  };
  const deadline = deps.deadline ?? NO_DEADLINE;

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
      const { result, outcome, findings: found } = await phase(report, 'query', () =>
        beforeDeadline(huntFindings(hunt, deps.source, window, report.exclusionsApplied), deadline, 'the query'),
      );
      // Triage is an exclusion too: `--no-exclusions` shows the false positives again.
      const suppressed = report.exclusionsApplied ? await deps.store.suppressions(hunt.id) : new Map();
      const findings = found.filter((f) => !suppressed.has(f.id));
      report.excludedByTriage = found.length - findings.length;
      if (deadline.signal.aborted) throw new Error("the run's deadline came before the findings were stored; nothing was stored or sent, the watermark stays");
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
      report.deliveryIncomplete = report.channels.some((c) => c.incomplete);
      logDelivery(hunt, deps, report);
      // Undelivered notices stay owed in the store, so the window can move on without losing them.
      await deps.store.setWatermark(hunt.id, window.end);
      report.status = 'succeeded';
    }
  } catch (err) {
    report.status = 'failed';
    report.reason = placeInHuntFile(hunt.file, err);
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
        excludedByTriage: report.excludedByTriage,
        notified: report.channels.reduce((n, c) => n + c.sent, 0),
        failedNotices: report.channels.reduce((n, c) => n + c.failed, 0),
        deadLettered: report.channels.reduce((n, c) => n + c.deadLettered, 0),
        deliveryIncomplete: report.deliveryIncomplete,
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

/**
 * Sends what a hunt owes on each channel and records each result as it settles (DESIGN.md "Flow":
 * notifiers, then delivery state). Owed notices are read a page at a time; a notifier hands over each
 * result (a Teams card's notices together) and waits until it is written before it posts again in that
 * slot, so a crash re-sends at most the posts that were in flight. Channels go side by side: a hung Teams
 * flow does not hold the tickets back.
 */
import type { Hunt } from '../hunts/hunt.js';
import type { Channel, NoticeResult, Notifier, Preview } from '../notify/notifier.js';
import { DEFAULT_MAX_ATTEMPTS, type FindingStore, type StoredNotice } from '../store/findingStore.js';
import { NO_DEADLINE, type Deadline } from '../util/deadline.js';

export interface ChannelReport {
  channel: Channel;
  configured: boolean;
  /** Notices this run tried to deliver (new ones and any still owed from earlier runs). */
  attempted: number;
  sent: number;
  /** Notices that failed this run, dead letters included. */
  failed: number;
  /** Notices that failed for the last allowed time this run: no run retries them (`hunts redeliver --failed` does). */
  deadLettered: number;
  errors: string[];
  previews: Preview[];
  /** The deadline came with notices of this channel still owed (or in flight). */
  incomplete?: boolean;
}

export interface DeliverDeps {
  store: FindingStore;
  notifiers: Notifier[];
  /** The clock delivery times are recorded with. */
  now: () => Date;
  deadline?: Deadline;
  /** Runs that may try a notice before it is dead-lettered (default DEFAULT_MAX_ATTEMPTS). */
  maxAttempts?: number;
  /** Wraps each configured channel's delivery, so the run can time it for telemetry. */
  measureChannel?: <T>(channel: Channel, work: () => Promise<T>) => Promise<T>;
}

export interface DeliverOptions {
  /** Also send the dead letters, their attempts counted afresh (`hunts redeliver --failed`). */
  deadLetters?: boolean;
  /** Only these channels (default every configured one). */
  channels?: readonly Channel[];
}

/** Teams posts one card per page (its "and N more" line counts the rest of the page). */
const PAGE_SIZE: Record<Channel, number> = { teams: 1_000, webhook: 500 };
/** Distinct errors kept per channel for the report; the rest are counted, not listed. */
const MAX_ERRORS = 5;

export function emptyChannelReport(notifier: Pick<Notifier, 'channel' | 'configured'>): ChannelReport {
  return { channel: notifier.channel, configured: notifier.configured, attempted: 0, sent: 0, failed: 0, deadLettered: 0, errors: [], previews: [] };
}

/** Every configured channel's owed notices, side by side; an error recording state rejects (after all stop). */
export async function deliverOwed(hunt: Hunt, deps: DeliverDeps, options: DeliverOptions = {}): Promise<ChannelReport[]> {
  const notifiers = deps.notifiers.filter((n) => !options.channels || options.channels.includes(n.channel));
  const outcomes = await Promise.allSettled(
    notifiers.map((notifier) => (notifier.configured ? measured(notifier.channel, deps, () => deliverChannel(hunt, notifier, deps, options)) : Promise.resolve(emptyChannelReport(notifier)))),
  );
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
  return outcomes.map((o) => (o as PromiseFulfilledResult<ChannelReport>).value);
}

function measured<T>(channel: Channel, deps: DeliverDeps, work: () => Promise<T>): Promise<T> {
  return deps.measureChannel ? deps.measureChannel(channel, work) : work();
}

async function deliverChannel(hunt: Hunt, notifier: Notifier, deps: DeliverDeps, options: DeliverOptions): Promise<ChannelReport> {
  const report = emptyChannelReport(notifier);
  const deadline = deps.deadline ?? NO_DEADLINE;
  const maxAttempts = deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const pages = deps.store.owedNoticePages(hunt.id, notifier.channel, { maxAttempts, deadLetters: options.deadLetters, pageSize: PAGE_SIZE[notifier.channel] });
  for await (const page of pages) {
    // Checked once something is owed: a run with nothing to send is complete whenever it gets here.
    if (deadline.signal.aborted) {
      report.incomplete = true;
      break;
    }
    const byId = new Map(page.map((n) => [n.finding.id, n]));
    const record = recorder(deps, hunt.id, notifier.channel, maxAttempts, byId, report);
    const results = await notifier.send(hunt, page, { deadline, onSettled: record }).catch((error: unknown) => {
      // Only recording rejects (notifiers answer failures as results): say what the store failure means.
      throw new Error(
        `could not record ${notifier.channel} delivery state in Table Storage (${(error as Error)?.message ?? String(error)}); ` +
          'notices posted but not recorded stay owed, and the next run sends them again',
        { cause: error },
      );
    });
    report.attempted += results.length;
    if (results.length < page.length || results.some((r) => r.stopped)) {
      report.incomplete = true;
      break;
    }
  }
  return report;
}

/**
 * Writes results as they settle. A write starts as soon as a result comes unless one is under way; what
 * settles meanwhile goes together in the next (one transaction per 100), right after. On a busy
 * machine that beat a write per result side by side (fewer requests for the same state); on Azure a
 * write is tens of milliseconds, so no result waits long. The caller's promise resolves once its own
 * results are stored; a failed write rejects the callers whose results it held.
 */
function recorder(
  deps: DeliverDeps,
  huntId: string,
  channel: Channel,
  maxAttempts: number,
  byId: Map<string, StoredNotice>,
  report: ChannelReport,
): (results: NoticeResult[]) => Promise<void> {
  let queue: { results: NoticeResult[]; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let writing = false;
  const write = async (results: NoticeResult[]) => {
    const settled = results.flatMap((result) => {
      const notice = byId.get(result.findingId);
      return notice ? [{ notice, result }] : [];
    });
    const counts = await deps.store.recordDeliveries(huntId, channel, settled, deps.now(), maxAttempts);
    report.sent += counts.sent;
    report.failed += counts.retrying + counts.deadLettered;
    report.deadLettered += counts.deadLettered;
    for (const { result } of settled) {
      if (!result.ok && result.error && report.errors.length < MAX_ERRORS && !report.errors.includes(result.error)) report.errors.push(result.error);
    }
  };
  const drain = async () => {
    writing = true;
    while (queue.length) {
      const batch = queue;
      queue = [];
      try {
        await write(batch.flatMap((b) => b.results));
        for (const b of batch) b.resolve();
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    writing = false;
  };
  return (results) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ results, resolve, reject });
      if (!writing) void drain();
    });
}

/**
 * A hunt run's report as OpenTelemetry: one `hunt.run` span with a child span per step (query,
 * reconcile, each channel), built after the run from the report's measured phases, and the same counts
 * as metrics. runHunt stays free of telemetry; this reads what it measured.
 *
 * Nothing from a query result goes in: finding titles, keys and rows are attacker-controlled and stay
 * in the store. The one free text, a failed run's reason, is escaped and cut.
 */
import { context as otelContext, metrics, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Meter, type Tracer } from '@opentelemetry/api';
import type { Hunt } from '../hunts/hunt.js';
import type { HuntRunReport, RunPhase } from '../run/runHunt.js';
import { safeForTerminal, truncate } from '../util/escape.js';
import { effectiveSchedule, schedulePeriodSeconds } from './schedule.js';

export const INSTRUMENTATION_SCOPE = 'scheduled-hunts';

/** Span names, and the attribute keys the alert rules in infra/modules/alerts.bicep read. */
export const SPAN = {
  run: 'hunt.run',
  query: 'hunt.query',
  reconcile: 'hunt.reconcile',
  deliver: (channel: string) => `hunt.deliver.${channel}`,
} as const;

export const ATTR = {
  huntId: 'hunt.id',
  huntName: 'hunt.name',
  huntFile: 'hunt.file',
  runId: 'hunt.run.id',
  status: 'hunt.run.status',
  source: 'hunt.run.source',
  windowStart: 'hunt.window.start',
  windowEnd: 'hunt.window.end',
  schedule: 'hunt.schedule',
  schedulePeriod: 'hunt.schedule.period_s',
  rows: 'hunt.rows',
  excluded: 'hunt.excluded',
  /** Findings dropped because an analyst marked them false positives. */
  excludedByTriage: 'hunt.excluded.triage',
  findings: 'hunt.findings',
  findingsNew: 'hunt.findings.new',
  findingsRenotify: 'hunt.findings.renotify',
  noticesSent: 'hunt.notices.sent',
  noticesFailed: 'hunt.notices.failed',
  noticesDeadLettered: 'hunt.notices.dead_lettered',
  deliveryIncomplete: 'hunt.delivery.incomplete',
  channel: 'hunt.channel',
  channelConfigured: 'hunt.channel.configured',
  noticesAttempted: 'hunt.notices.attempted',
} as const;

export const METRIC = {
  runs: 'hunts.runs',
  runDuration: 'hunts.run.duration',
  rows: 'hunts.rows',
  excluded: 'hunts.excluded',
  findings: 'hunts.findings',
  findingsNew: 'hunts.findings.new',
  noticesSent: 'hunts.notices.sent',
  noticesFailed: 'hunts.notices.failed',
  noticesDeadLettered: 'hunts.notices.dead_lettered',
} as const;

/** Longest reason kept on a span: enough to say what failed, never a page of a receiver's reply. */
const MAX_REASON = 500;

export interface TelemetryTarget {
  tracer?: Tracer;
  meter?: Meter;
  /** The parent of `hunt.run`; in Functions the active context is the invocation's, so the run sits under it. */
  parent?: Context;
  env?: NodeJS.ProcessEnv;
}

interface Instruments {
  runs: ReturnType<Meter['createCounter']>;
  runDuration: ReturnType<Meter['createHistogram']>;
  rows: ReturnType<Meter['createCounter']>;
  excluded: ReturnType<Meter['createCounter']>;
  findings: ReturnType<Meter['createCounter']>;
  findingsNew: ReturnType<Meter['createCounter']>;
  noticesSent: ReturnType<Meter['createCounter']>;
  noticesFailed: ReturnType<Meter['createCounter']>;
  noticesDeadLettered: ReturnType<Meter['createCounter']>;
}

// One set of instruments per meter: creating them per run would work but warns about duplicates.
const instrumentsByMeter = new WeakMap<Meter, Instruments>();

function instruments(meter: Meter): Instruments {
  let found = instrumentsByMeter.get(meter);
  if (!found) {
    found = {
      runs: meter.createCounter(METRIC.runs, { description: 'Hunt runs, by hunt and status', unit: '{run}' }),
      runDuration: meter.createHistogram(METRIC.runDuration, { description: 'Duration of a hunt run, query to watermark', unit: 's' }),
      rows: meter.createCounter(METRIC.rows, { description: 'Rows the hunt queries returned', unit: '{row}' }),
      excluded: meter.createCounter(METRIC.excluded, { description: 'Rows the exclusions dropped', unit: '{row}' }),
      findings: meter.createCounter(METRIC.findings, { description: 'Findings made, new or already known', unit: '{finding}' }),
      findingsNew: meter.createCounter(METRIC.findingsNew, { description: 'Findings seen for the first time', unit: '{finding}' }),
      noticesSent: meter.createCounter(METRIC.noticesSent, { description: 'Notices delivered, by channel', unit: '{notice}' }),
      noticesFailed: meter.createCounter(METRIC.noticesFailed, { description: 'Notice deliveries that failed and stay owed, by channel', unit: '{notice}' }),
      noticesDeadLettered: meter.createCounter(METRIC.noticesDeadLettered, {
        description: 'Notices given up on after the attempt cap, by channel',
        unit: '{notice}',
      }),
    };
    instrumentsByMeter.set(meter, found);
  }
  return found;
}

function totals(report: HuntRunReport): { sent: number; failed: number; deadLettered: number } {
  let sent = 0;
  let failed = 0;
  let deadLettered = 0;
  for (const c of report.channels) {
    sent += c.sent;
    failed += c.failed;
    deadLettered += c.deadLettered;
  }
  return { sent, failed, deadLettered };
}

/** The run's attributes on `hunt.run`; hunt id, name and file come from the hunts folder, not from telemetry. */
export function runAttributes(report: HuntRunReport, schedule: string): Attributes {
  const { sent, failed, deadLettered } = totals(report);
  const attributes: Attributes = {
    [ATTR.huntId]: report.huntId,
    [ATTR.huntName]: report.huntName,
    [ATTR.huntFile]: report.huntFile,
    [ATTR.runId]: report.runId,
    [ATTR.status]: report.status,
    [ATTR.source]: report.source,
    [ATTR.schedule]: schedule,
    [ATTR.schedulePeriod]: schedulePeriodSeconds(schedule, report.measuredFrom),
    [ATTR.rows]: report.rows,
    [ATTR.excluded]: report.excluded,
    [ATTR.excludedByTriage]: report.excludedByTriage,
    [ATTR.findings]: report.findings.length,
    [ATTR.findingsNew]: report.newCount,
    [ATTR.findingsRenotify]: report.renotifyCount,
    [ATTR.noticesSent]: sent,
    [ATTR.noticesFailed]: failed,
    [ATTR.noticesDeadLettered]: deadLettered,
    [ATTR.deliveryIncomplete]: report.deliveryIncomplete,
  };
  if (report.window) {
    attributes[ATTR.windowStart] = report.window.start.toISOString();
    attributes[ATTR.windowEnd] = report.window.end.toISOString();
  }
  return attributes;
}

function endOf(phase: Pick<RunPhase, 'start' | 'durationMs'>): Date {
  return new Date(phase.start.getTime() + phase.durationMs);
}

function reasonText(reason: string | undefined): string {
  return truncate(safeForTerminal(reason ?? 'failed'), MAX_REASON);
}

function recordSpans(report: HuntRunReport, schedule: string, tracer: Tracer, parent: Context): void {
  const runEnd = new Date(report.measuredFrom.getTime() + report.durationMs);
  const run = tracer.startSpan(SPAN.run, { kind: SpanKind.INTERNAL, startTime: report.measuredFrom, attributes: runAttributes(report, schedule) }, parent);
  if (report.status === 'failed') run.setStatus({ code: SpanStatusCode.ERROR, message: reasonText(report.reason) });
  else run.setStatus({ code: SpanStatusCode.OK });
  const inRun = trace.setSpan(parent, run);
  const common = { [ATTR.huntId]: report.huntId, [ATTR.runId]: report.runId };

  for (const phase of report.phases) {
    const channelName = phase.name.startsWith('deliver:') ? phase.name.slice('deliver:'.length) : undefined;
    const channel = channelName === undefined ? undefined : report.channels.find((c) => c.channel === channelName);
    const attributes: Attributes = { ...common };
    if (phase.name === 'query') Object.assign(attributes, { [ATTR.rows]: report.rows, [ATTR.excluded]: report.excluded });
    if (phase.name === 'reconcile') {
      Object.assign(attributes, { [ATTR.findings]: report.findings.length, [ATTR.findingsNew]: report.newCount, [ATTR.findingsRenotify]: report.renotifyCount });
    }
    if (channelName !== undefined) {
      Object.assign(attributes, {
        [ATTR.channel]: channelName,
        [ATTR.channelConfigured]: channel?.configured ?? true,
        [ATTR.noticesAttempted]: channel?.attempted ?? 0,
        [ATTR.noticesSent]: channel?.sent ?? 0,
        [ATTR.noticesFailed]: channel?.failed ?? 0,
        [ATTR.noticesDeadLettered]: channel?.deadLettered ?? 0,
      });
    }
    const name = channelName === undefined ? SPAN[phase.name as 'query' | 'reconcile'] : SPAN.deliver(channelName);
    const span = tracer.startSpan(name, { kind: SpanKind.INTERNAL, startTime: phase.start, attributes }, inRun);
    if (phase.failed) span.setStatus({ code: SpanStatusCode.ERROR, message: reasonText(report.reason) });
    else if (channel && (channel.failed > 0 || channel.deadLettered > 0)) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: `${channel.failed} notice(s) failed, ${channel.deadLettered ?? 0} dead-lettered` });
    }
    span.end(endOf(phase));
  }
  run.end(runEnd);
}

function recordMetrics(report: HuntRunReport, meter: Meter): void {
  const m = instruments(meter);
  const hunt = { [ATTR.huntId]: report.huntId };
  m.runs.add(1, { ...hunt, [ATTR.status]: report.status, [ATTR.deliveryIncomplete]: report.deliveryIncomplete });
  if (report.status === 'skipped') return;
  m.runDuration.record(report.durationMs / 1000, { ...hunt, [ATTR.status]: report.status });
  m.rows.add(report.rows, hunt);
  m.excluded.add(report.excluded, hunt);
  m.findings.add(report.findings.length, hunt);
  m.findingsNew.add(report.newCount, hunt);
  for (const c of report.channels.filter((ch) => ch.configured)) {
    const attributes = { ...hunt, [ATTR.channel]: c.channel };
    m.noticesSent.add(c.sent, attributes);
    m.noticesFailed.add(c.failed, attributes);
    m.noticesDeadLettered.add(c.deadLettered, attributes);
  }
}

/**
 * Records one run: spans and metrics, to the given tracer and meter or the global ones (no-ops until
 * telemetry is started). Never throws: telemetry must not fail a run that worked.
 */
export function recordHuntRun(report: HuntRunReport, hunt: Pick<Hunt, 'slug' | 'schedule'>, target: TelemetryTarget = {}): void {
  try {
    const schedule = effectiveSchedule(hunt, target.env ?? process.env);
    recordSpans(report, schedule, target.tracer ?? trace.getTracer(INSTRUMENTATION_SCOPE), target.parent ?? otelContext.active());
    recordMetrics(report, target.meter ?? metrics.getMeter(INSTRUMENTATION_SCOPE));
  } catch (err) {
    console.warn(`scheduled-hunts: telemetry for run ${report.runId} not recorded: ${safeForTerminal((err as Error).message)}`);
  }
}

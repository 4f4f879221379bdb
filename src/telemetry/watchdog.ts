/**
 * The watchdog: a timer of its own that, for every enabled hunt, reads when it last succeeded (its
 * watermark) and reports whether two scheduled runs have passed since without a success. A hunt whose
 * timer stopped reports nothing itself, and a log alert looks back at most two days, so a daily hunt
 * that went quiet would drop out of the rule's sight before it was overdue; the watchdog's report is
 * fresh every half hour instead. If the watchdog itself stops, its silence is the alert.
 */
import { context as otelContext, metrics, SpanKind, SpanStatusCode, trace, type Context, type Meter, type Tracer } from '@opentelemetry/api';
import type { Hunt } from '../hunts/hunt.js';
import type { FindingStore } from '../store/findingStore.js';
import { ATTR, INSTRUMENTATION_SCOPE } from './huntRunTelemetry.js';
import { effectiveSchedule, overdueSince, schedulePeriodSeconds } from './schedule.js';

export const WATCHDOG_SCHEDULE = '0 */30 * * * *';
export const WATCH_SPAN = 'hunt.watch';
export const WATCH_ATTR = {
  status: 'hunt.watch.status',
  overdue: 'hunt.overdue',
  lastSuccess: 'hunt.last_success',
  sinceSuccess: 'hunt.since_success_s',
} as const;
export const SINCE_SUCCESS_METRIC = 'hunts.since_success';

/**
 * A run that starts late or runs long (up to the Function timeout) still counts for its tick; past this
 * after the second missed tick, the hunt is overdue.
 */
export const OVERDUE_GRACE_MS = 15 * 60_000;

export type WatchStatus = 'ok' | 'overdue' | 'never-succeeded' | 'never-ran';

export interface HuntWatch {
  huntId: string;
  huntName: string;
  slug: string;
  schedule: string;
  periodSeconds: number;
  lastSuccess: Date | null;
  status: WatchStatus;
  /** ok: false; overdue and never-succeeded: true; never-ran: false (a new hunt is watched from its first run). */
  overdue: boolean;
}

export async function watchHunts(
  hunts: Hunt[],
  store: Pick<FindingStore, 'getWatermark' | 'listRuns'>,
  now: Date,
  env: NodeJS.ProcessEnv,
): Promise<HuntWatch[]> {
  return Promise.all(
    hunts
      .filter((h) => h.enabled)
      .map(async (hunt): Promise<HuntWatch> => {
        const schedule = effectiveSchedule(hunt, env);
        const base = { huntId: hunt.id, huntName: hunt.name, slug: hunt.slug, schedule, periodSeconds: schedulePeriodSeconds(schedule, now) };
        // The watermark is the end of the last successful window, which is that run's clock: when it succeeded.
        const lastSuccess = await store.getWatermark(hunt.id);
        if (lastSuccess) {
          const overdue = overdueSince(schedule, lastSuccess, now, OVERDUE_GRACE_MS) !== null;
          return { ...base, lastSuccess, status: overdue ? 'overdue' : 'ok', overdue };
        }
        const ran = (await store.listRuns(hunt.id, 1)).length > 0;
        return { ...base, lastSuccess: null, status: ran ? 'never-succeeded' : 'never-ran', overdue: ran };
      }),
  );
}

export interface WatchTarget {
  tracer?: Tracer;
  meter?: Meter;
  parent?: Context;
}

const gauges = new WeakMap<Meter, ReturnType<Meter['createGauge']>>();

/** One `hunt.watch` span per hunt (ERROR when overdue) and the seconds since its last success as a gauge. */
export function recordWatch(watches: HuntWatch[], now: Date, target: WatchTarget = {}): void {
  const tracer = target.tracer ?? trace.getTracer(INSTRUMENTATION_SCOPE);
  const meter = target.meter ?? metrics.getMeter(INSTRUMENTATION_SCOPE);
  let gauge = gauges.get(meter);
  if (!gauge) {
    gauge = meter.createGauge(SINCE_SUCCESS_METRIC, { description: 'Seconds since the hunt last succeeded, as the watchdog saw it', unit: 's' });
    gauges.set(meter, gauge);
  }
  for (const w of watches) {
    const sinceSuccess = w.lastSuccess ? Math.max(0, Math.round((now.getTime() - w.lastSuccess.getTime()) / 1000)) : undefined;
    const span = tracer.startSpan(
      WATCH_SPAN,
      {
        kind: SpanKind.INTERNAL,
        startTime: now,
        attributes: {
          [ATTR.huntId]: w.huntId,
          [ATTR.huntName]: w.huntName,
          [ATTR.schedule]: w.schedule,
          [ATTR.schedulePeriod]: w.periodSeconds,
          [WATCH_ATTR.status]: w.status,
          [WATCH_ATTR.overdue]: w.overdue,
          ...(w.lastSuccess && { [WATCH_ATTR.lastSuccess]: w.lastSuccess.toISOString() }),
          ...(sinceSuccess !== undefined && { [WATCH_ATTR.sinceSuccess]: sinceSuccess }),
        },
      },
      target.parent ?? otelContext.active(),
    );
    span.setStatus(w.overdue ? { code: SpanStatusCode.ERROR, message: `${w.status}: no success in two scheduled runs (${w.schedule})` } : { code: SpanStatusCode.OK });
    span.end(now);
    if (sinceSuccess !== undefined) gauge.record(sinceSuccess, { [ATTR.huntId]: w.huntId });
  }
}

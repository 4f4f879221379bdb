/**
 * A run report turned into spans and metric points, recorded by the real OpenTelemetry SDK into memory.
 */
import assert from 'node:assert/strict';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Finding } from '../../../src/findings/finding.js';
import type { ChannelReport, HuntRunReport } from '../../../src/run/runHunt.js';
import type { ReconciledFinding } from '../../../src/store/findingStore.js';
import { ATTR, METRIC, recordHuntRun, SPAN } from '../../../src/telemetry/huntRunTelemetry.js';
import { pointValue, testTelemetry, type TestTelemetry } from '../../support/telemetry.js';

const START = new Date('2026-05-04T10:00:00.000Z');
const at = (ms: number) => new Date(START.getTime() + ms);
const HUNT = { slug: 'pivot', schedule: '0 7 * * * *' };
// What an attacker put in the telemetry: it must not reach any span or metric.
const HOSTILE = 'evil\u202Eexe.test \u001b[2J';

function finding(status: ReconciledFinding['status']): ReconciledFinding {
  const f = { id: `id-${status}`, key: { Host: HOSTILE }, title: `Downloads from ${HOSTILE}`, severity: 'High', row: { Host: HOSTILE } } as unknown as Finding;
  return { finding: f, status, firstSeen: START, lastSeen: START, timesSeen: 1 } as ReconciledFinding;
}

function channel(over: Partial<ChannelReport> & Pick<ChannelReport, 'channel'>): ChannelReport {
  return { configured: true, attempted: 0, sent: 0, failed: 0, deadLettered: 0, errors: [], previews: [], ...over };
}

function report(over: Partial<HuntRunReport> = {}): HuntRunReport {
  return {
    huntId: '351f7035-836c-4f4b-80bb-188220ba9215',
    huntName: 'Pivot from detections to related downloads',
    huntFile: 'hunts/pivot.yaml',
    runId: '20260504T100000000Z-abcdef01',
    source: 'loganalytics',
    status: 'succeeded',
    startedAt: START,
    window: { start: new Date('2026-05-03T10:00:00Z'), end: START },
    rows: 12,
    excluded: 5,
    excludedByRule: {},
    excludedByTriage: 0,
    exclusionsApplied: true,
    findings: [finding('new'), finding('new'), finding('seen')],
    newCount: 2,
    seenCount: 1,
    renotifyCount: 0,
    channels: [channel({ channel: 'teams', attempted: 2, sent: 2 }), channel({ channel: 'webhook', attempted: 2, sent: 2 })],
    durationMs: 900,
    deliveryIncomplete: false,
    measuredFrom: START,
    phases: [
      { name: 'query', start: at(10), durationMs: 500 },
      { name: 'reconcile', start: at(510), durationMs: 100 },
      { name: 'deliver:teams', start: at(610), durationMs: 150 },
      { name: 'deliver:webhook', start: at(760), durationMs: 120 },
    ],
    ...over,
  };
}

let t: TestTelemetry;
beforeEach(() => {
  t = testTelemetry();
});
afterEach(() => t.shutdown());

const byName = (spans: ReadableSpan[], name: string) => {
  const found = spans.filter((s) => s.name === name);
  assert.equal(found.length, 1, `one ${name} span among ${spans.map((s) => s.name).join(', ')}`);
  return found[0];
};
const ms = (time: [number, number]) => time[0] * 1000 + time[1] / 1e6;

describe('a run as spans', () => {
  it('a succeeded run: hunt.run with a child per step, each at its measured time, all attributes, status OK', () => {
    recordHuntRun(report(), HUNT, { tracer: t.tracer, meter: t.meter, env: {} });
    const spans = t.spans();
    assert.deepEqual(spans.map((s) => s.name).sort(), [SPAN.run, SPAN.deliver('teams'), SPAN.deliver('webhook'), SPAN.query, SPAN.reconcile].sort());
    const run = byName(spans, SPAN.run);
    assert.equal(run.kind, SpanKind.INTERNAL);
    assert.equal(run.parentSpanContext, undefined, 'a root span without a parent context');
    assert.deepEqual(run.status, { code: SpanStatusCode.OK });
    assert.equal(ms(run.startTime), START.getTime());
    assert.equal(ms(run.endTime), START.getTime() + 900);
    assert.deepEqual(run.attributes, {
      [ATTR.huntId]: '351f7035-836c-4f4b-80bb-188220ba9215',
      [ATTR.huntName]: 'Pivot from detections to related downloads',
      [ATTR.huntFile]: 'hunts/pivot.yaml',
      [ATTR.runId]: '20260504T100000000Z-abcdef01',
      [ATTR.status]: 'succeeded',
      [ATTR.source]: 'loganalytics',
      [ATTR.schedule]: '0 7 * * * *',
      [ATTR.schedulePeriod]: 3600,
      [ATTR.windowStart]: '2026-05-03T10:00:00.000Z',
      [ATTR.windowEnd]: '2026-05-04T10:00:00.000Z',
      [ATTR.rows]: 12,
      [ATTR.excluded]: 5,
      [ATTR.excludedByTriage]: 0,
      [ATTR.findings]: 3,
      [ATTR.findingsNew]: 2,
      [ATTR.findingsRenotify]: 0,
      [ATTR.noticesSent]: 4,
      [ATTR.noticesFailed]: 0,
      [ATTR.noticesDeadLettered]: 0,
      [ATTR.deliveryIncomplete]: false,
    });
    for (const child of spans.filter((s) => s !== run)) {
      assert.equal(child.parentSpanContext?.spanId, run.spanContext().spanId, `${child.name} is a child of hunt.run`);
      assert.equal(child.spanContext().traceId, run.spanContext().traceId);
      assert.equal(child.status.code, SpanStatusCode.UNSET);
      assert.equal(child.attributes[ATTR.huntId], run.attributes[ATTR.huntId]);
    }
    const query = byName(spans, SPAN.query);
    assert.equal(ms(query.startTime), START.getTime() + 10);
    assert.equal(ms(query.endTime), START.getTime() + 510);
    assert.equal(query.attributes[ATTR.rows], 12);
    assert.equal(byName(spans, SPAN.reconcile).attributes[ATTR.findingsNew], 2);
    const webhook = byName(spans, SPAN.deliver('webhook'));
    assert.equal(webhook.attributes[ATTR.channel], 'webhook');
    assert.equal(webhook.attributes[ATTR.noticesSent], 2);
    assert.equal(ms(webhook.endTime), START.getTime() + 880);
  });

  it('a failed run: hunt.run and the step that threw are ERROR, with the reason escaped; later steps have no span', () => {
    const reason = 'Log Analytics said: \u001b]8;;http://evil.test\u0007click\u202E';
    recordHuntRun(
      report({ status: 'failed', reason, rows: 0, excluded: 0, findings: [], newCount: 0, seenCount: 0, channels: [], phases: [{ name: 'query', start: at(5), durationMs: 40, failed: true }] }),
      HUNT,
      { tracer: t.tracer, meter: t.meter, env: {} },
    );
    const spans = t.spans();
    assert.deepEqual(spans.map((s) => s.name).sort(), [SPAN.run, SPAN.query].sort());
    const run = byName(spans, SPAN.run);
    assert.equal(run.status.code, SpanStatusCode.ERROR);
    assert.equal(run.attributes[ATTR.status], 'failed');
    assert.equal(byName(spans, SPAN.query).status.code, SpanStatusCode.ERROR);
    for (const message of [run.status.message, byName(spans, SPAN.query).status.message]) {
      assert.match(message ?? '', /^Log Analytics said: /);
      assert.ok(!/[\u0000-\u001f\u202E]/.test(message ?? ''), `control and bidi characters made visible: ${JSON.stringify(message)}`);
      assert.match(message ?? '', /<U\+202E>/);
    }
  });

  it('failed and dead-lettered notices: the channel span is ERROR and says how many; hunt.run carries the totals', () => {
    recordHuntRun(
      report({
        deliveryIncomplete: true,
        channels: [channel({ channel: 'teams', attempted: 2, sent: 2 }), channel({ channel: 'webhook', attempted: 5, sent: 1, failed: 3, deadLettered: 1, errors: ['HTTP 503'] })],
      }),
      HUNT,
      { tracer: t.tracer, meter: t.meter, env: {} },
    );
    const spans = t.spans();
    const run = byName(spans, SPAN.run);
    assert.equal(run.status.code, SpanStatusCode.OK, 'the run itself succeeded: its notices stay owed');
    assert.equal(run.attributes[ATTR.noticesSent], 3);
    assert.equal(run.attributes[ATTR.noticesFailed], 3);
    assert.equal(run.attributes[ATTR.noticesDeadLettered], 1);
    assert.equal(run.attributes[ATTR.deliveryIncomplete], true);
    const webhook = byName(spans, SPAN.deliver('webhook'));
    assert.deepEqual(webhook.status, { code: SpanStatusCode.ERROR, message: '3 notice(s) failed, 1 dead-lettered' });
    assert.equal(webhook.attributes[ATTR.noticesAttempted], 5);
    assert.equal(webhook.attributes[ATTR.noticesDeadLettered], 1);
    assert.equal(byName(spans, SPAN.deliver('teams')).status.code, SpanStatusCode.UNSET);
  });

  it('takes the schedule a HUNT_SCHEDULE_* override sets, and its period', () => {
    recordHuntRun(report(), HUNT, { tracer: t.tracer, meter: t.meter, env: { HUNT_SCHEDULE_PIVOT: '0 0 6 * * *' } });
    const run = byName(t.spans(), SPAN.run);
    assert.equal(run.attributes[ATTR.schedule], '0 0 6 * * *');
    assert.equal(run.attributes[ATTR.schedulePeriod], 86_400);
  });

  it('puts nothing from a query result into any span', () => {
    recordHuntRun(report(), HUNT, { tracer: t.tracer, meter: t.meter, env: {} });
    const text = JSON.stringify(t.spans().map((s) => [s.name, s.attributes, s.status, s.events]));
    assert.ok(!text.includes('evil'), text);
  });

  it('a skipped run is one hunt.run span with status skipped and no steps', () => {
    recordHuntRun(report({ status: 'skipped', reason: 'another run holds the lease', window: null, phases: [], channels: [], findings: [], newCount: 0 }), HUNT, {
      tracer: t.tracer,
      meter: t.meter,
      env: {},
    });
    const spans = t.spans();
    assert.deepEqual(spans.map((s) => s.name), [SPAN.run]);
    assert.equal(spans[0].attributes[ATTR.status], 'skipped');
    assert.equal(spans[0].attributes[ATTR.windowStart], undefined);
  });
});

describe('a run as metrics', () => {
  it('counts runs by status, findings, notices by channel, and records the duration, all by hunt id', async () => {
    const target = { tracer: t.tracer, meter: t.meter, env: {} };
    const id = report().huntId;
    recordHuntRun(report(), HUNT, target);
    recordHuntRun(
      report({ channels: [channel({ channel: 'teams', attempted: 1, sent: 1 }), channel({ channel: 'webhook', attempted: 4, failed: 2, deadLettered: 2 })], durationMs: 2500 }),
      HUNT,
      target,
    );
    recordHuntRun(report({ status: 'failed', reason: 'x', findings: [], newCount: 0, rows: 0, excluded: 0, channels: [], phases: [] }), HUNT, target);
    const m = await t.metrics();
    assert.equal(pointValue(m.get(METRIC.runs), { [ATTR.huntId]: id, [ATTR.status]: 'succeeded' }), 2);
    assert.equal(pointValue(m.get(METRIC.runs), { [ATTR.huntId]: id, [ATTR.status]: 'failed' }), 1);
    assert.equal(pointValue(m.get(METRIC.findingsNew), { [ATTR.huntId]: id }), 4);
    assert.equal(pointValue(m.get(METRIC.findings), { [ATTR.huntId]: id }), 6);
    assert.equal(pointValue(m.get(METRIC.rows), { [ATTR.huntId]: id }), 24);
    assert.equal(pointValue(m.get(METRIC.excluded), { [ATTR.huntId]: id }), 10);
    assert.equal(pointValue(m.get(METRIC.noticesSent), { [ATTR.huntId]: id, [ATTR.channel]: 'teams' }), 3);
    assert.equal(pointValue(m.get(METRIC.noticesSent), { [ATTR.huntId]: id, [ATTR.channel]: 'webhook' }), 2);
    assert.equal(pointValue(m.get(METRIC.noticesFailed), { [ATTR.huntId]: id, [ATTR.channel]: 'webhook' }), 2);
    assert.equal(pointValue(m.get(METRIC.noticesDeadLettered), { [ATTR.huntId]: id, [ATTR.channel]: 'webhook' }), 2);
    assert.equal(pointValue(m.get(METRIC.noticesDeadLettered), { [ATTR.huntId]: id, [ATTR.channel]: 'teams' }), 0);
    // Three runs, each with a duration point: two succeeded, one failed.
    assert.equal(pointValue(m.get(METRIC.runDuration), { [ATTR.huntId]: id, [ATTR.status]: 'succeeded' }), 2);
    assert.equal(m.get(METRIC.runDuration)?.descriptor.unit, 's');
    const durations = m.get(METRIC.runDuration)!.dataPoints.find((p) => p.attributes[ATTR.status] === 'succeeded')!.value as { sum: number };
    assert.equal(durations.sum, 0.9 + 2.5);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { effectiveSchedule, overdueSince, schedulePeriodSeconds } from '../../../src/telemetry/schedule.js';

const d = (iso: string) => new Date(iso);
const MIN = 60_000;

describe('schedule period', () => {
  it('is the gap between the next two ticks of a six-field NCRONTAB', () => {
    const from = d('2026-05-04T10:20:00Z');
    assert.equal(schedulePeriodSeconds('0 7 * * * *', from), 3600);
    assert.equal(schedulePeriodSeconds('0 */30 * * * *', from), 1800);
    assert.equal(schedulePeriodSeconds('0 0 6 * * *', from), 86_400);
    assert.equal(schedulePeriodSeconds('30 */5 * * * *', from), 300);
  });

  it('comes from the HUNT_SCHEDULE_<FILE NAME> override when one is set', () => {
    const hunt = { slug: 'av-detections-with-source', schedule: '0 0 6 * * *' };
    assert.equal(effectiveSchedule(hunt, {}), '0 0 6 * * *');
    assert.equal(effectiveSchedule(hunt, { HUNT_SCHEDULE_AV_DETECTIONS_WITH_SOURCE: ' 0 */15 * * * * ' }), '0 */15 * * * *');
    assert.equal(effectiveSchedule(hunt, { HUNT_SCHEDULE_AV_DETECTIONS_WITH_SOURCE: '' }), '0 0 6 * * *');
  });
});

describe('overdue', () => {
  it('after two scheduled ticks pass without a success, plus the grace', () => {
    const last = d('2026-05-04T10:07:05Z'); // the 10:07 run succeeded
    assert.equal(overdueSince('0 7 * * * *', last, d('2026-05-04T11:30:00Z'), 15 * MIN), null, 'one missed tick is not overdue');
    assert.equal(overdueSince('0 7 * * * *', last, d('2026-05-04T12:21:59Z'), 15 * MIN), null, 'the 12:07 run may still be running');
    assert.deepEqual(overdueSince('0 7 * * * *', last, d('2026-05-04T12:22:00Z'), 15 * MIN), d('2026-05-04T12:22:00Z'));
  });

  it('counts ticks, so a weekday hunt is not overdue over the weekend', () => {
    const friday = d('2026-05-08T06:00:10Z');
    const schedule = '0 0 6 * * 1-5';
    assert.equal(overdueSince(schedule, friday, d('2026-05-10T23:00:00Z'), 15 * MIN), null, 'Sunday night: no tick has passed');
    assert.equal(overdueSince(schedule, friday, d('2026-05-11T09:00:00Z'), 15 * MIN), null, 'Monday: one tick missed');
    assert.deepEqual(overdueSince(schedule, friday, d('2026-05-12T09:00:00Z'), 15 * MIN), d('2026-05-12T06:15:00Z'), 'Tuesday: two missed');
  });
});

import { describe } from 'node:test';
import { kqlCases } from '../../../support/kqlCases.js';

const DATA = `let data = datatable(timestamp:datetime, metric: real)[
  datetime(2016-12-31T06:00), 50, datetime(2017-01-01), 4, datetime(2017-01-02), 3, datetime(2017-01-03), 4,
  datetime(2017-01-03T03:00), 6, datetime(2017-01-05), 8, datetime(2017-01-05T13:40), 13, datetime(2017-01-06), 4,
  datetime(2017-01-07), 3, datetime(2017-01-08), 8, datetime(2017-01-08T21:00), 8, datetime(2017-01-09), 2,
  datetime(2017-01-09T12:00), 11, datetime(2017-01-10T05:00), 5];
let interval = 1d;
let stime = datetime(2017-01-01);
let etime = datetime(2017-01-10);`;

const DAYS = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => `2017-01-0${d}T00:00:00.0000000Z`);

describe('make-series', () => {
  kqlCases([
    // The reference's examples.
    {
      query: `${DATA} data | make-series avg(metric) on timestamp from stime to etime step interval`,
      rows: [{ avg_metric: [4, 3, 5, 0, 10.5, 4, 3, 8, 6.5], timestamp: DAYS }],
    },
    { query: `${DATA} data | take 0 | make-series avg(metric) default=1.0 on timestamp from stime to etime step interval | count`, rows: [{ Count: 0 }] },
    {
      query: `${DATA} data | take 0 | make-series kind=nonempty avg(metric) default=1.0 on timestamp from stime to etime step interval`,
      rows: [{ avg_metric: [1, 1, 1, 1, 1, 1, 1, 1, 1], timestamp: DAYS }],
    },
    // Per key, several aggregates with names and defaults (a null default keeps gaps null).
    {
      query: `datatable(Device:string, Timestamp:datetime, Bytes:long)[
        "a", datetime(2026-01-15 10:05), 10, "a", datetime(2026-01-15 10:50), 5, "b", datetime(2026-01-15 11:10), 7,
        "a", datetime(2026-01-15 12:00), 1, "b", datetime(2026-01-15 13:00), 100]
        | make-series Events = count(), Total = sum(Bytes) default = long(null) on Timestamp from datetime(2026-01-15 10:00) to datetime(2026-01-15 13:00) step 1h by Device`,
      rows: [
        {
          Device: 'a',
          Events: [2, 0, 1],
          Total: [15, null, 1],
          Timestamp: ['2026-01-15T10:00:00.0000000Z', '2026-01-15T11:00:00.0000000Z', '2026-01-15T12:00:00.0000000Z'],
        },
        {
          Device: 'b',
          Events: [0, 1, 0],
          Total: [null, 7, null],
          Timestamp: ['2026-01-15T10:00:00.0000000Z', '2026-01-15T11:00:00.0000000Z', '2026-01-15T12:00:00.0000000Z'],
        },
      ],
    },
    // Without `to` a series stops at its last step with data; numeric axes work too.
    {
      query: 'datatable(k:string, x:long)["p", 0, "p", 3, "q", 1] | make-series c = count() on x from 0 step 2 by k',
      rows: [{ k: 'p', c: [1, 1], x: [0, 2] }, { k: 'q', c: [1], x: [0] }],
    },
    // Expanded back into rows, the usual way to read a series.
    {
      query: `${DATA} data | make-series m = max(metric) on timestamp from stime to datetime(2017-01-03) step interval | mv-expand m to typeof(real), timestamp to typeof(datetime)`,
      rows: [{ m: 4, timestamp: '2017-01-01T00:00:00Z' }, { m: 3, timestamp: '2017-01-02T00:00:00Z' }],
    },
    { query: `${DATA} data | make-series avg(metric) on timestamp step interval`, error: "make-series without 'from'" },
    { query: `${DATA} data | make-series avg(metric) on timestamp in range(stime, etime, interval)`, error: 'in range(...)' },
  ]);
});

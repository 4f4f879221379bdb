import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { execute } from '../../../src/kql/index.js';

// Kusto reads datetime text without a zone as UTC on every machine; JavaScript's Date.parse reads
// some of those forms as the machine's local time. Node applies a TZ change at once.
describe('datetime text is read the same in every time zone', () => {
  const saved = process.env.TZ;
  after(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  for (const zone of ['UTC', 'America/New_York', 'Asia/Kolkata']) {
    it(zone, () => {
      process.env.TZ = zone;
      // The zone in a comment: a query text of its own, so nothing compiled (and folded) in another zone is reused.
      const r = execute(
        `print a = todatetime("02/17/2016 08:40:01"), b = todatetime("Sat, 08 Nov 2014 15:05:02 GMT"), c = todatetime("2014-11-08 15:05:25 +01:00") // ${zone}`,
        {},
        { values: 'json' },
      );
      assert.deepEqual(r.rows[0], { a: '2016-02-17T08:40:01Z', b: '2014-11-08T15:05:02Z', c: '2014-11-08T14:05:25Z' });
    });
  }
});

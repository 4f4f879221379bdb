import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execute } from '../../../../src/kql/index.js';
import { kqlCases } from '../../../support/kqlCases.js';

const STORMS = 'datatable (State: string, EventType: string, Injuries: long)["W1", "Hail", 1, "W1", "Wind", 5, "W1", "Hail", 2, "W2", "Snow", 0, "W2", "Wind", 3, "W3", "Hail", 7]';

describe('partition', () => {
  kqlCases([
    // The subquery runs over each value's rows; the results are their union.
    {
      query: `${STORMS} | partition hint.strategy=native by State (summarize Events = count(), Injuries = sum(Injuries) by EventType | top 1 by Injuries)`,
      rows: [{ EventType: 'Wind', Events: 1, Injuries: 5 }, { EventType: 'Wind', Events: 1, Injuries: 3 }, { EventType: 'Hail', Events: 1, Injuries: 7 }],
    },
    // The default (legacy) strategy, as a public hunt writes it: `partition by ReportId (top 1 by MountTime)`.
    {
      query: `${STORMS} | partition by State (top 1 by Injuries)`,
      rows: [{ State: 'W1', EventType: 'Wind', Injuries: 5 }, { State: 'W2', EventType: 'Wind', Injuries: 3 }, { State: 'W3', EventType: 'Hail', Injuries: 7 }],
    },
    // `as` names each partition's own rows (the reference's "partition reference" example).
    {
      query: `${STORMS} | partition by State (as P | extend Share = Injuries * 100.0 / toscalar(P | summarize sum(Injuries))) | where State != "W2"`,
      rows: [
        { State: 'W1', EventType: 'Hail', Injuries: 1, Share: 12.5 },
        { State: 'W1', EventType: 'Wind', Injuries: 5, Share: 62.5 },
        { State: 'W1', EventType: 'Hail', Injuries: 2, Share: 25 },
        { State: 'W3', EventType: 'Hail', Injuries: 7, Share: 100 },
      ],
    },
    { query: 'range x from 1 to 100 step 1 | partition hint.strategy=native by x (count) | summarize sum(Count)', rows: [{ sum_Count: 100 }] },
    { query: `${STORMS} | where State == "none" | partition by State (count)`, rows: [] },
  ]);

  it('fails over 64 values with the default strategy, as Kusto does, and says how to lift it', () => {
    assert.throws(() => execute('range x from 1 to 65 step 1 | partition by x (count)', {}), /partition by x: 65 distinct values, and the default strategy \(legacy\) takes at most 64; add hint\.strategy=native \(line 1, col 31\)/);
  });

  it('refuses what it does not run instead of answering: another table in a native subquery, a subquery with its own source', () => {
    assert.throws(() => execute(`${STORMS} | partition hint.strategy=native by State (join (${STORMS}) on State)`, {}), /'join' in a partition subquery with hint.strategy=native is not supported by the local engine yet/);
    assert.throws(() => execute('range x from 1 to 2 step 1 | partition hint.strategy=legacy by x {print y = toscalar(x)}', {}), /partition \.\.\. \{ a subquery with its own source \} is not supported/);
  });
});

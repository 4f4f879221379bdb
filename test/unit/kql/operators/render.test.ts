import { describe } from 'node:test';
import { kqlCases } from '../../../support/kqlCases.js';

describe('render', () => {
  kqlCases([
    // A chart for the client: the rows and columns are the input's (public hunts end with it).
    {
      query: 'range x from 1 to 3 step 1 | extend y = x * 2 | render timechart',
      rows: [{ x: 1, y: 2 }, { x: 2, y: 4 }, { x: 3, y: 6 }],
      ordered: true,
    },
    {
      query: 'datatable (k: string, n: long)["a", 2, "b", 1] | summarize n = sum(n) by k | render piechart with (title="by k")',
      rows: [{ k: 'a', n: 2 }, { k: 'b', n: 1 }],
    },
  ]);
});

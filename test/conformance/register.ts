/**
 * Registers the conformance cases as node:test tests, split over a few test files: each file runs
 * in its own process, and binding hundreds of queries is slow enough (about 35 ms each) that one
 * file for all of them would come near the per-file time limit on a busy machine.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCaseFiles, runCase } from './harness.js';

/** Areas per test file; an area listed nowhere (a new cases/*.yaml) runs in 'tabular'. */
const GROUPS = {
  tabular: ['aggregates', 'joins', 'let', 'mv', 'operators', 'parse'],
  strings: ['hashing', 'logic', 'network', 'strings'],
  values: ['conversion', 'datetime', 'dynamic', 'math'],
} as const;

export type ConformanceGroup = keyof typeof GROUPS;

function inGroup(area: string, group: ConformanceGroup): boolean {
  const listed = (Object.keys(GROUPS) as ConformanceGroup[]).find((g) => (GROUPS[g] as readonly string[]).includes(area));
  return listed === group || (listed === undefined && group === 'tabular');
}

/** One test per case of the group's areas; a pending case is a skipped test carrying its reason. */
export function registerConformance(group: ConformanceGroup): void {
  for (const file of loadCaseFiles()) {
    if (!inGroup(file.area, group)) continue;
    describe(`conformance ${file.area}`, () => {
      for (const c of file.cases) {
        it(`${c.area}: ${c.name}`, { skip: c.pending ?? false }, () => {
          const outcome = runCase(c);
          if (outcome.status === 'pass') return;
          const why =
            outcome.status === 'wrong' ? `wrong answer: ${outcome.detail}` :
            outcome.status === 'unsupported' ? `unsupported: ${outcome.what}` :
            `error: ${outcome.message}`;
          assert.fail(`${why}\n  source: ${c.source}\n  query:\n${c.query.replace(/^/gm, '    ')}`);
        });
      }
    });
  }
}

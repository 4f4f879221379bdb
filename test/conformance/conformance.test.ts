/**
 * The conformance suite: every example of Microsoft's KQL reference kept under cases/*.yaml, one
 * test each. A case marked `pending` is registered as skipped with its reason, so what the engine
 * cannot do yet stays visible in the test report (scripts/conformance-status.ts runs those too).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCaseFiles, runCase } from './harness.js';

for (const file of loadCaseFiles()) {
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

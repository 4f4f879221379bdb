import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import functions, { type Timer } from '@azure/functions';
import { warnEachRun } from '../../../functions/loadWarnings.js';
import { formatLoadError, loadHunts } from '../../../src/hunts/load.js';
import { tempDir } from '../../support/tempDir.js';

// A CommonJS package whose InvocationContext ESM cannot see as a named export.
const { InvocationContext } = functions;
const timer: Timer = { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: '', next: '', lastUpdated: '' } };

describe('a hunts folder without exclusions.yaml, in Azure Functions', () => {
  it('logs the warning at warning level on every run, before the run itself', async () => {
    const dir = tempDir('fn-hunts-');
    writeFileSync(join(dir, 'a.yaml'), 'id: a\nname: A\nquery: T\n');
    const warnings = loadHunts(dir, 'hunts').warnings.map(formatLoadError);
    assert.equal(warnings.length, 1);

    const lines: string[] = [];
    const options = warnEachRun({ schedule: '0 0 * * * *', handler: (_t, ctx) => ctx.info('the run') }, warnings);
    for (const run of [1, 2]) {
      const ctx = new InvocationContext({ functionName: 'hunt-a', invocationId: `run-${run}`, logHandler: (level, ...args) => lines.push(`${level}: ${args.join(' ')}`) });
      await options.handler(timer, ctx);
    }
    assert.deepEqual(lines, [
      `warning: ${warnings[0]}`, 'information: the run',
      `warning: ${warnings[0]}`, 'information: the run',
    ]);
    assert.match(warnings[0], /^hunts\/exclusions\.yaml: not found/);
  });

  it('leaves the handler as it is when there is nothing to warn about', () => {
    const options = { schedule: '0 0 * * * *', handler: () => {} };
    assert.equal(warnEachRun(options, []), options);
  });
});

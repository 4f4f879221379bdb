import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { relaunchArgs, SEMI_SPACE_MB } from '../../../src/cli/youngGeneration.js';

const NODE = '/usr/bin/node';
const SCRIPT = '/repo/src/cli/hunts.ts';
const TSX = ['--require', '/repo/node_modules/tsx/dist/preflight.cjs', '--import', 'file:///repo/node_modules/tsx/dist/loader.mjs'];

describe('relaunchArgs', () => {
  it('starts the commands that load telemetry again with the larger young generation, keeping node options and arguments', () => {
    for (const command of ['run', 'query', 'test', 'serve']) {
      assert.deepEqual(relaunchArgs([NODE, SCRIPT, command, '--data', 'x y'], TSX, {}), [...TSX, `--max-semi-space-size=${SEMI_SPACE_MB}`, SCRIPT, command, '--data', 'x y']);
    }
    assert.deepEqual(relaunchArgs([NODE, SCRIPT, '--json', 'run'], [], {}), [`--max-semi-space-size=${SEMI_SPACE_MB}`, SCRIPT, '--json', 'run']);
  });

  it('runs everything else in this process: other commands, help, version, no command', () => {
    for (const argv of [['list'], ['validate'], ['redeliver', '--failed'], ['--help'], ['--version'], []]) {
      assert.equal(relaunchArgs([NODE, SCRIPT, ...argv], [], {}), null, argv.join(' '));
    }
  });

  it('leaves the size to whoever chose one: a node option or NODE_OPTIONS, in either spelling', () => {
    assert.equal(relaunchArgs([NODE, SCRIPT, 'run'], ['--max-semi-space-size=32'], {}), null);
    assert.equal(relaunchArgs([NODE, SCRIPT, 'run'], ['--max-semi-space-size', '32'], {}), null);
    assert.equal(relaunchArgs([NODE, SCRIPT, 'run'], [], { NODE_OPTIONS: '--enable-source-maps --max-semi-space-size=64' }), null);
    assert.notEqual(relaunchArgs([NODE, SCRIPT, 'run'], [], { NODE_OPTIONS: '--enable-source-maps' }), null);
  });
});

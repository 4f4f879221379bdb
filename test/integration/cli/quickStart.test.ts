/** `npm start` as a new user runs it: no store configured, so the CLI starts its own Azurite. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hunts } from '../../support/cli.js';

describe('the quick start', () => {
  it('starts its own Azurite when no store is configured, and the second run finds everything known', async () => {
    const local = mkdtempSync(join(tmpdir(), 'cli-local-'));
    try {
      const env = { HUNTS_LOCAL_DIR: local };
      const first = await hunts(['run'], env);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stderr, /starting Azurite \(Table Storage emulator\) on 127\.0\.0\.1/);
      assert.match(first.stderr, /2 hunt\(s\) run, 0 failed; 8 new finding\(s\), 0 already known/);
      const second = await hunts(['run'], env);
      assert.match(second.stderr, /2 hunt\(s\) run, 0 failed; 0 new finding\(s\), 8 already known/);
      assert.match(second.stdout, /findings 2: 0 new, 2 already known/);
    } finally {
      rmSync(local, { recursive: true, force: true });
    }
  });
});


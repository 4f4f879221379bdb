import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/seeds.js';

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (/\.(ts|js|mjs|json|ya?ml)$/.test(entry.name)) yield path;
  }
}

// CI lays ../shared beside the clone, a user's clone has nothing there: whatever a test, script or
// build step needs must live in the repo.
describe('a plain clone is self-contained', () => {
  it('no test, script, benchmark or source reads ../shared', () => {
    const offenders: string[] = [];
    for (const top of ['src', 'test', 'scripts', 'bench', 'functions', 'bin']) {
      for (const path of files(join(ROOT, top))) {
        if (path === new URL(import.meta.url).pathname) continue;
        if (/\.\.\/shared\b|['"`/]shared\/(seeds|schemas|notes)/.test(readFileSync(path, 'utf8'))) offenders.push(relative(ROOT, path));
      }
    }
    assert.deepEqual(offenders, []);
  });
});

/**
 * The Functions app must never load the embedded KQL engine (large, and only for local runs): bundle
 * functions/ the way a deployment does and look at what went in.
 */
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/seeds.js';

describe('the Functions bundle', () => {
  it('contains neither the local engine nor the local source, nor their packages', async () => {
    const result = await build({
      entryPoints: [join(ROOT, 'functions/index.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(inputs.some((f) => f.endsWith('src/run/runHunt.ts')), 'sanity: the run code is in');
    assert.deepEqual(inputs.filter((f) => f.includes('src/kql/') || f.endsWith('src/sources/local.ts') || f.includes('src/cli/')), []);
    const packages = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
    assert.ok(packages.includes('@azure/monitor-query-logs'));
    assert.deepEqual(packages.filter((p) => p.startsWith('@kusto/') || p === 'azurite'), []);
  });
});

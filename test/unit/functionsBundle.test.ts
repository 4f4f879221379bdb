/**
 * The Functions app must never load the embedded KQL engine (large, and only for local runs): build the
 * package exactly as a deployment does and look at what went in.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildFunctionApp } from '../../scripts/build-functionapp.js';

describe('the Functions bundle', () => {
  it('contains neither the local engine nor the local source, nor their packages, nor the table schemas', async () => {
    const out = mkdtempSync(join(tmpdir(), 'hunts-bundle-'));
    try {
      const { inputs, files } = await buildFunctionApp(out);
      assert.ok(inputs.some((f) => f.endsWith('src/run/runHunt.ts')), 'sanity: the run code is in');
      assert.deepEqual(inputs.filter((f) => f.includes('src/kql/') || f.endsWith('src/sources/local.ts') || f.includes('src/cli/')), []);
      assert.ok(inputs.some((f) => f.includes('node_modules/@azure/monitor-query-logs/')));
      assert.ok(inputs.some((f) => f.includes('node_modules/@azure/monitor-opentelemetry/')), 'telemetry is in');
      assert.ok(inputs.includes('src/telemetry/azureMonitor.ts'));
      assert.deepEqual(inputs.filter((f) => f.includes('node_modules/@kusto/') || f.includes('node_modules/azurite/')), []);
      // Table schemas are for binding and local runs only: Log Analytics knows its own.
      assert.deepEqual(inputs.filter((f) => f.includes('src/sources/schema')), []);
      assert.deepEqual(files.map((f) => f.path).filter((p) => p.endsWith('.json') && p !== 'package.json' && p !== 'host.json'), []);
      // The findings page ships built (tab/); its builder, esbuild and teams-js (the page's, not the app's) stay out of index.js.
      assert.ok(inputs.includes('src/api/page.ts'), 'the page is served');
      assert.deepEqual(inputs.filter((f) => f.startsWith('src/tab/') || f.includes('node_modules/esbuild/') || f.includes('node_modules/@microsoft/teams-js/')), []);
      assert.ok(files.some((f) => f.path === 'tab/index.html'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

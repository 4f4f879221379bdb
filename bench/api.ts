/**
 * The findings API at volume: one hunt holding N findings on Azurite (in memory), requests over real
 * HTTP on 127.0.0.1 with a dev-issuer token, as the tab makes them. A page is cut from a narrow scan of
 * the hunt's findings (Table Storage cannot order by lastSeen), so its cost grows with the hunt.
 *
 *   npm run bench -- --only api [--findings 10000]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDevIssuer } from '../src/api/devIssuer.js';
import { createFindingsApi } from '../src/api/findingsApi.js';
import { nodeHandler } from '../src/api/nodeHttp.js';
import type { Finding } from '../src/findings/finding.js';
import { findingId } from '../src/findings/findingKey.js';
import { startAzurite } from '../src/store/azurite.js';
import { createTableServiceConfig } from '../src/store/tableClients.js';
import { TableFindingStore } from '../src/store/tableFindingStore.js';
import { loadHunts } from '../src/hunts/load.js';
import { projectRoot } from '../src/util/paths.js';
import { join } from 'node:path';

const REPEAT = 5;

export async function runApiBenchmark(count: number): Promise<void> {
  const azurite = await startAzurite({ location: 'memory' });
  const issuer = await startDevIssuer();
  const server = createServer();
  try {
    const tables = createTableServiceConfig({ connectionString: azurite.connectionString, tablePrefix: 'benchapi' });
    const store = new TableFindingStore(tables);
    await store.ensureTables();
    const pivot = loadHunts(join(projectRoot(), 'hunts')).hunts.find((h) => h.slug === 'pivot-detections-to-downloads')!;
    const hunt = { ...pivot, id: 'bench-api' };
    process.stderr.write(`api: storing ${count.toLocaleString('en-US')} findings ...\n`);
    // A thousand per run, an hour apart, so lastSeen orders them.
    for (let start = 0; start < count; start += 1000) {
      const findings: Finding[] = Array.from({ length: Math.min(1000, count - start) }, (_, i) => {
        const key = { Host: `h${start + i}.test` };
        return { id: findingId(key), huntId: hunt.id, key, title: `t${start + i}`, severity: 'High', row: { ...key, Note: 'x'.repeat(200) } };
      });
      await store.reconcile(hunt, findings, `r${start}`, new Date(Date.UTC(2026, 10, 1) + start * 3600), ['teams']);
    }

    const api = createFindingsApi({ hunts: [hunt], env: { ...issuer.env }, tables: () => tables });
    let origin = '';
    server.on('request', nodeHandler(() => origin, api.handle));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const headers = { Authorization: `Bearer ${await issuer.sign({ preferred_username: 'bench@localhost', roles: ['Hunts.Triage'] })}` };
    const get = async (path: string) => {
      const response = await fetch(`${origin}${path}`, { headers });
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as { findings?: unknown[]; next?: string | null };
    };

    const rows: string[][] = [];
    const measure = async (what: string, fn: () => Promise<string>) => {
      const times: number[] = [];
      let note = '';
      for (let i = 0; i < REPEAT; i++) {
        const t0 = performance.now();
        note = await fn();
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      rows.push([what, count.toLocaleString('en-US'), times[Math.floor(times.length / 2)]!.toFixed(1), times[0]!.toFixed(1), note]);
    };
    const first = await get(`/api/findings?hunt=${hunt.id}&limit=50`);
    await measure('GET /api/findings, first page of 50', async () => `${(await get(`/api/findings?hunt=${hunt.id}&limit=50`)).findings!.length} findings`);
    await measure('GET /api/findings, next page (cursor)', async () => `${(await get(`/api/findings?hunt=${hunt.id}&limit=50&cursor=${first.next}`)).findings!.length} findings`);
    await measure('GET /api/findings, state=false-positive (none)', async () => `${(await get(`/api/findings?hunt=${hunt.id}&state=false-positive`)).findings!.length} findings`);
    await measure('GET /api/runs (owed notices counted)', async () => `${(await get(`/api/runs?hunt=${hunt.id}`)) ? 'ok' : ''}`);
    await measure('store.suppressions (what every run reads)', async () => `${(await store.suppressions(hunt.id)).size} suppressed`);

    const header = ['request', 'findings in the hunt', 'median ms', 'min ms', 'notes'];
    const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
    process.stdout.write(`\n### Findings API\n\n${line(header)}\n|---|---:|---:|---:|---|\n${rows.map(line).join('\n')}\n`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await issuer.stop();
    await azurite.stop();
  }
}

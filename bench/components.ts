/**
 * The other parts' benchmarks, in this process: exclusions on a real AV hunt result, the Teams card,
 * the Function App package (build and cold start), and the store on a real Azurite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFunctionApp } from '../scripts/build-functionapp.js';
import { applyExclusions } from '../src/findings/exclusions.js';
import { findingId } from '../src/findings/findingKey.js';
import type { Finding } from '../src/findings/finding.js';
import { loadHunts } from '../src/hunts/load.js';
import type { Hunt } from '../src/hunts/hunt.js';
import { buildTeamsMessage } from '../src/notify/teamsCard.js';
import type { Notice } from '../src/notify/notifier.js';
import { LocalSource } from '../src/sources/local.js';
import { startAzurite } from '../src/store/azurite.js';
import { TableFindingStore } from '../src/store/tableFindingStore.js';
import { projectRoot } from '../src/util/paths.js';
// The stand-in for the Functions worker that the package's own test uses: a fresh node, the bundle, its timers.
import { startFunctionApp } from '../test/support/functionsHost.js';

interface Row {
  bench: string;
  size: string;
  median: number;
  min: number;
  note: string;
}

export async function runComponentBenchmarks(dataDir: string, repeat: number): Promise<void> {
  const results: Row[] = [];
  const measure = async (bench: string, size: string, times: number, fn: () => unknown | Promise<unknown>, note = ''): Promise<void> => {
    const ms: number[] = [];
    let extra = note;
    for (let i = 0; i < times; i++) {
      const t = performance.now();
      const out = await fn();
      ms.push(performance.now() - t);
      if (typeof out === 'string') extra = out;
    }
    ms.sort((a, b) => a - b);
    results.push({ bench, size, median: ms[Math.floor(ms.length / 2)], min: ms[0], note: extra });
    process.stderr.write(`  ${bench} ${size}: ${ms[Math.floor(ms.length / 2)].toFixed(1)} ms\n`);
  };

  const { hunts } = loadHunts(join(projectRoot(), 'hunts'));
  const pivot = hunts.find((h) => h.slug === 'pivot-detections-to-downloads') as Hunt;
  const av = hunts.find((h) => h.slug === 'av-detections-with-source') as Hunt;
  const work = mkdtempSync(join(tmpdir(), 'hunts-bench-parts-'));
  try {
    process.stderr.write('exclusions\n');
    const source = new LocalSource(dataDir);
    const end = (await source.newestEventTime()) as Date;
    const avOut = (await source.query(av.query, { start: new Date(end.getTime() - av.lookback.ms), end })).rows;
    await measure('exclusions on the AV hunt result', `${avOut.length} rows`, repeat, () => {
      const out = applyExclusions(avOut, Object.keys(avOut[0] ?? {}).map((name) => ({ name, type: 'string' })), av.exclusions);
      return `${av.exclusions.length} rules, ${out.excluded} excluded`;
    });

    process.stderr.write('Function App package\n');
    const appDir = join(work, 'functionapp');
    await measure('functions package: build (esbuild + copy)', '-', 3, async () => {
      const built = await buildFunctionApp(appDir);
      return `index.js ${(built.bundle.bytes / 1e6).toFixed(2)} MB, ${(built.bundle.gzipBytes / 1e6).toFixed(2)} MB gzipped`;
    });
    for (const [label, extra] of [['', {}], [', --enable-source-maps', { NODE_OPTIONS: '--enable-source-maps' }]] as const) {
      await measure(`functions package: cold start${label}`, '-', repeat, async () => {
        const app = await startFunctionApp({ appDir, workDir: work, env: { ...extra } });
        await app.stop();
        return `new node process, load the bundle, register ${app.functions.length} timers`;
      });
    }

    process.stderr.write('Teams card\n');
    const notices: Notice[] = Array.from({ length: 500 }, (_, i) => {
      const key = { Host: `host-${i}.evil.test` };
      const finding: Finding = { id: findingId(key), huntId: pivot.id, key, title: `Downloads from host-${i}.evil.test ${'x'.repeat(10_000)}`, severity: 'High', row: { ...key, FileOriginUrl: `http://host-${i}.evil.test/${'a'.repeat(10_000)}` } };
      return { finding, noticeId: `${finding.id}-1`, reason: 'new', firstSeen: new Date(), lastSeen: new Date(), timesSeen: 1 };
    });
    await measure('Teams card, 500 findings with 10 KB values', '500', repeat, () => {
      const m = buildTeamsMessage(pivot, notices);
      return `${m.bytes} bytes, ${m.shown} shown`;
    });

    process.stderr.write('store on Azurite\n');
    const azurite = await startAzurite({ location: join(work, 'azurite') });
    try {
      for (const count of [100, 1000]) {
        const findings: Finding[] = Array.from({ length: count }, (_, i) => {
          const key = { Host: `h${i}.test` };
          return { id: findingId(key), huntId: `bench-${count}`, key, title: `t${i}`, severity: 'High', row: { ...key, Note: 'x'.repeat(200) } };
        });
        const store = TableFindingStore.fromSettings({ connectionString: azurite.connectionString, tablePrefix: `b${count}` });
        await store.ensureTables();
        const hunt = { ...pivot, id: `bench-${count}` };
        await measure('store: reconcile, all new', `${count} findings`, 1, () => store.reconcile(hunt, findings, 'r1', new Date(), ['teams', 'webhook']));
        await measure('store: reconcile, all seen again', `${count} findings`, 3, () => store.reconcile(hunt, findings, 'r2', new Date(), ['teams', 'webhook']));
        await measure('store: owedNotices', `${count} findings`, 3, async () => `${(await store.owedNotices(hunt.id, 'teams')).length} owed`);
      }
    } finally {
      await azurite.stop();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  const header = ['benchmark', 'size', 'median ms', 'min ms', 'notes'];
  const body = results.map((r) => [r.bench, r.size, r.median.toFixed(1), r.min.toFixed(1), r.note]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  process.stdout.write(`\n### Other parts\n\n${line(header)}\n|---|---|---:|---:|---|\n${body.map(line).join('\n')}\n`);
}

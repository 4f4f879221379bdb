/**
 * Benchmarks (`npm run bench`): the embedded engine on generated telemetry, the exclusions, the Teams
 * card, the Function App package (build and cold start), and the store on a real Azurite. Prints one table; never part of `npm test`.
 *   npm run bench -- --rows 10000,100000,200000 --repeat 5
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildFunctionApp } from '../scripts/build-functionapp.js';
import { generateSamples } from '../scripts/generate-samples.js';
import { applyExclusions } from '../src/findings/exclusions.js';
import { findingId } from '../src/findings/findingKey.js';
import type { Finding } from '../src/findings/finding.js';
import { loadHunts } from '../src/hunts/load.js';
import type { Hunt } from '../src/hunts/hunt.js';
import { prepare } from '../src/kql/index.js';
import { buildTeamsMessage } from '../src/notify/teamsCard.js';
import type { Notice } from '../src/notify/notifier.js';
import { loadTable, LocalSource } from '../src/sources/local.js';
import { knownSchema, type TableColumn } from '../src/sources/tableSchemas.js';
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

const results: Row[] = [];

async function measure(bench: string, size: string, repeat: number, fn: () => unknown | Promise<unknown>, note = ''): Promise<void> {
  const times: number[] = [];
  let extra = note;
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    const out = await fn();
    times.push(performance.now() - t);
    if (typeof out === 'string') extra = out;
  }
  times.sort((a, b) => a - b);
  results.push({ bench, size, median: times[Math.floor(times.length / 2)], min: times[0], note: extra });
  process.stderr.write(`  ${bench} ${size}: ${times[Math.floor(times.length / 2)].toFixed(1)} ms\n`);
}

function schemaOf(name: string): TableColumn[] {
  const schema = knownSchema(name);
  if (!schema) throw new Error(`no schema for ${name} in src/sources/schemas`);
  return schema;
}

function print(): void {
  const header = ['benchmark', 'size', 'median ms', 'min ms', 'notes'];
  const body = results.map((r) => [r.bench, r.size, r.median.toFixed(1), r.min.toFixed(1), r.note]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i >= 2 && i <= 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  process.stdout.write(`${line(header)}\n|${widths.map((w, i) => (i >= 2 && i <= 3 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|\n${body.map(line).join('\n')}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '10000,100000,200000' }, repeat: { type: 'string', default: '5' } } });
  const sizes = values.rows.split(',').map(Number);
  const repeat = Number(values.repeat);
  const { hunts } = loadHunts(join(projectRoot(), 'hunts'));
  const pivot = hunts.find((h) => h.slug === 'pivot-detections-to-downloads') as Hunt;
  const av = hunts.find((h) => h.slug === 'av-detections-with-source') as Hunt;
  const schemas = { DeviceEvents: schemaOf('DeviceEvents'), DeviceFileEvents: schemaOf('DeviceFileEvents') };
  const work = mkdtempSync(join(tmpdir(), 'hunts-bench-'));

  try {
    process.stderr.write('engine: parse + bind + compile\n');
    await measure('prepare pivot hunt, first call', '-', 1, () => prepare(pivot.query, schemas), 'loads the parser and binder');
    await measure('prepare pivot hunt, later calls', '-', repeat, () => prepare(pivot.query, schemas), 'parse + bind + compile');

    for (const rows of sizes) {
      const dir = join(work, String(rows));
      process.stderr.write(`generating ${rows} rows ...\n`);
      await generateSamples({ rows, seed: 1, out: dir });
      const tables = Object.fromEntries(Object.keys(schemas).map((name) => [name, loadTable(name, join(dir, `${name}.ndjson`)).data]));
      const pivotQuery = prepare(pivot.query, schemas);
      const avQuery = prepare(av.query, schemas);
      const size = `${rows} rows`;
      let avOut: Record<string, unknown>[] = [];
      await measure('engine: pivot hunt', size, repeat, () => `${pivotQuery.run(tables).rows.length} result rows`);
      await measure('engine: AV hunt', size, repeat, () => `${(avOut = avQuery.run(tables).rows).length} result rows`);
      await measure('exclusions on AV result', size, repeat, () => {
        const out = applyExclusions(avOut, Object.keys(avOut[0] ?? {}).map((name) => ({ name, type: 'string' })), av.exclusions);
        return `${avOut.length} rows, ${av.exclusions.length} rules, ${out.excluded} excluded`;
      });
      await measure('local source: load NDJSON + pivot hunt', size, Math.min(repeat, 3), async () => {
        const source = new LocalSource(dir);
        const end = (await source.newestEventTime()) as Date;
        const out = await source.query(pivot.query, { start: new Date(end.getTime() - pivot.lookback.ms), end });
        return `${out.rows.length} result rows, cold load`;
      });
    }

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
      for (const n of [100, 1000]) {
        const findings: Finding[] = Array.from({ length: n }, (_, i) => {
          const key = { Host: `h${i}.test` };
          return { id: findingId(key), huntId: `bench-${n}`, key, title: `t${i}`, severity: 'High', row: { ...key, Note: 'x'.repeat(200) } };
        });
        const store = TableFindingStore.fromSettings({ connectionString: azurite.connectionString, tablePrefix: `b${n}` });
        await store.ensureTables();
        const hunt = { ...pivot, id: `bench-${n}` };
        await measure('store: reconcile, all new', `${n} findings`, 1, () => store.reconcile(hunt, findings, 'r1', new Date(), ['teams', 'webhook']));
        await measure('store: reconcile, all seen again', `${n} findings`, 3, () => store.reconcile(hunt, findings, 'r2', new Date(), ['teams', 'webhook']));
        await measure('store: owedNotices', `${n} findings`, 3, async () => `${(await store.owedNotices(hunt.id, 'teams')).length} owed`);
      }
    } finally {
      await azurite.stop();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  print();
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? err}\n`);
  process.exitCode = 1;
});

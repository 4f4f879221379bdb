/**
 * Benchmarks (`npm run bench`); never part of `npm test`. Prints markdown tables on stdout.
 *
 * 1. The embedded engine against DuckDB on generated telemetry, each in its own process: load time,
 *    each seed hunt's time, peak memory, the same findings from both, and how time grows with 10× the
 *    rows. Targets (issue 8): load and each hunt <= 1.5× DuckDB, peak RSS <= DuckDB's, 10× the rows
 *    <= 11× the time. A row whose findings differ fails the run (exit code 1).
 * 2. The other parts: exclusions, the Teams card, the Function App package, the store on Azurite.
 *
 *   npm run bench                                    # quick: 10,000 and 100,000 DeviceFileEvents rows
 *   npm run bench -- --rows 1000000,10000000 --repeat 3 --engine-only
 *   BENCH_ROWS=1000000 npm run bench
 * 3. Delivery of one run's new findings (--findings N, default 10,000): per delivery against whole batch.
 *
 *   npm run bench -- --only delivery [--findings 10000]
 * 4. The findings API over one hunt of N findings (--findings N): a page, the next, a filter, runs.
 *
 *   npm run bench -- --only api [--findings 10000]
 * Options: --rows N,N (DeviceFileEvents rows per size; DeviceEvents get a tenth), --repeat N (runs per
 * hunt, median shown), --data DIR (keep generated data there and reuse it), --engine-only.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateSamples } from '../scripts/generate-samples.js';
import { loadHunts } from '../src/hunts/load.js';
import type { Hunt } from '../src/hunts/hunt.js';
import { projectRoot } from '../src/util/paths.js';
import { runApiBenchmark } from './api.js';
import { runComponentBenchmarks } from './components.js';
import { runDeliveryBenchmark } from './delivery.js';
import { median, type SideReport, type SideRequest } from './sides.js';

const ROOT = projectRoot();

interface Size {
  fileEvents: number;
  deviceEvents: number;
  engine: SideReport;
  duckdb: SideReport;
}

/**
 * Reads the data files once, unmeasured, before a side runs: files of several GB may have left the
 * page cache, and the side that happened to run first would then be timed reading the disk.
 */
function warmPageCache(dir: string): void {
  const buffer = Buffer.allocUnsafe(4 << 20);
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.ndjson'))) {
    const fd = openSync(join(dir, name), 'r');
    try {
      while (readSync(fd, buffer, 0, buffer.length, null) > 0);
    } finally {
      closeSync(fd);
    }
  }
}

/** Runs one side in a fresh node process; its report is the last line of its stdout. */
function side(script: string, request: SideRequest): SideReport {
  // The V8 heap may grow as far as DuckDB's default memory limit (80% of RAM): a load of tens of
  // millions of rows needs more than Node's default of about 4 GB.
  const heapMb = Math.max(4096, Math.floor((totalmem() / 2 ** 20) * 0.8));
  const child = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, '--import', 'tsx', join(ROOT, 'bench', script), JSON.stringify(request)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 2 ** 30,
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`bench/${script} failed (exit ${child.status}${child.signal ? `, ${child.signal}` : ''})`);
  const lines = child.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as SideReport;
}

function dataFor(root: string, fileEvents: number): { dir: string; deviceEvents: number } {
  const deviceEvents = Math.ceil(fileEvents / 10);
  const dir = join(root, `${fileEvents}-${deviceEvents}`);
  const marker = join(dir, 'complete');
  if (!existsSync(marker)) {
    process.stderr.write(`generating ${fileEvents} DeviceFileEvents + ${deviceEvents} DeviceEvents rows in ${dir} ...\n`);
    rmSync(dir, { recursive: true, force: true });
    generateSamples({ fileEvents, deviceEvents, seed: 1, out: dir, onProgress: (n, total) => process.stderr.write(`  ${n} / ${total} rows\r`) });
    writeFileSync(marker, '');
    process.stderr.write('\n');
  }
  return { dir, deviceEvents };
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const mark = (ok: boolean) => (ok ? 'yes' : '**no**');

/** A markdown table; `right` lists the columns aligned right (numbers). */
function table(header: string[], rows: string[][], right: number[]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (right.includes(i) ? '---:' : '---')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** Engine against DuckDB per size; false when any findings differ. */
function printComparison(sizes: Size[], hunts: Hunt[]): boolean {
  let same = true;
  const rows: string[][] = [];
  for (const s of sizes) {
    const label = `${n(s.fileEvents)} + ${n(s.deviceEvents)}`;
    const { engine: e, duckdb: d } = s;
    rows.push([label, 'load (ms)', n(e.loadMs), n(d.loadMs), ratio(e.loadMs, d.loadMs), '≤ 1.5×', mark(e.loadMs <= 1.5 * d.loadMs)]);
    for (const h of hunts) {
      const em = median(e.hunts[h.slug].ms);
      const dm = median(d.hunts[h.slug].ms);
      rows.push([label, `${h.slug} (ms)`, n(em), n(dm), ratio(em, dm), '≤ 1.5×', mark(em <= 1.5 * dm)]);
    }
    rows.push([label, 'peak RSS (MB)', n(e.maxRssMb), n(d.maxRssMb), ratio(e.maxRssMb, d.maxRssMb), '≤ 1×', mark(e.maxRssMb <= d.maxRssMb)]);
    for (const h of hunts) {
      const ek = new Set(e.hunts[h.slug].keys);
      const dk = new Set(d.hunts[h.slug].keys);
      const missing = [...dk].filter((k) => !ek.has(k)).length;
      const extra = [...ek].filter((k) => !dk.has(k)).length;
      const rowsDiffer = e.hunts[h.slug].rows !== d.hunts[h.slug].rows;
      const ok = missing === 0 && extra === 0 && !rowsDiffer;
      same &&= ok;
      rows.push([
        label,
        `${h.slug} findings`,
        `${n(ek.size)} keys, ${n(e.hunts[h.slug].rows)} rows`,
        `${n(dk.size)} keys, ${n(d.hunts[h.slug].rows)} rows`,
        `${missing} missing, ${extra} extra`,
        'same',
        ok ? 'yes' : '**MISMATCH**',
      ]);
    }
    rows.push([label, 'parse + bind + compile: first use / later (ms)', `${n(e.prepareFirstMs ?? 0)} / ${n(e.prepareLaterMs ?? 0)}`, '–', '', '', '']);
  }
  process.stdout.write(`\n### Embedded engine vs DuckDB (rows: DeviceFileEvents + DeviceEvents)\n\n`);
  process.stdout.write(`${table(['rows', 'measure', 'engine', 'DuckDB', 'engine / DuckDB', 'target', 'met'], rows, [2, 3, 4])}\n`);

  const scaling: string[][] = [];
  for (let i = 1; i < sizes.length; i++) {
    const [a, b] = [sizes[i - 1], sizes[i]];
    const factor = b.fileEvents / a.fileEvents;
    const label = `${n(a.fileEvents)} → ${n(b.fileEvents)} (${factor}×)`;
    const limit = factor * 1.1;
    const grow = (x: number, y: number) => `${(y / x).toFixed(1)}×`;
    scaling.push([label, 'load', grow(a.engine.loadMs, b.engine.loadMs), grow(a.duckdb.loadMs, b.duckdb.loadMs), `≤ ${limit}×`, mark(b.engine.loadMs / a.engine.loadMs <= limit)]);
    for (const h of hunts) {
      const [ea, eb] = [median(a.engine.hunts[h.slug].ms), median(b.engine.hunts[h.slug].ms)];
      const [da, db] = [median(a.duckdb.hunts[h.slug].ms), median(b.duckdb.hunts[h.slug].ms)];
      scaling.push([label, h.slug, grow(ea, eb), grow(da, db), `≤ ${limit}×`, mark(eb / ea <= limit)]);
    }
  }
  if (scaling.length) {
    process.stdout.write(`\n### Time as rows grow\n\n${table(['rows', 'measure', 'engine', 'DuckDB', 'target', 'met'], scaling, [2, 3])}\n`);
  }
  const columns = sizes[sizes.length - 1]?.engine.columns;
  if (columns) {
    process.stdout.write(`\nColumns the engine loaded (what the hunts read, and the window's column): ${Object.entries(columns).map(([t, c]) => `${t} ${c.length}`).join(', ')}.\n`);
  }
  return same;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: process.env.BENCH_ROWS ?? '10000,100000' },
      repeat: { type: 'string', default: '3' },
      data: { type: 'string' },
      'engine-only': { type: 'boolean', default: false },
      only: { type: 'string' },
      findings: { type: 'string', default: '10000' },
    },
  });
  const findings = Number(values.findings.replaceAll('_', ''));
  if (!Number.isInteger(findings) || findings < 1) throw new Error(`--findings: "${values.findings}" must be a whole number above 0`);
  if (values.only !== undefined) {
    if (values.only === 'delivery') await runDeliveryBenchmark(findings);
    else if (values.only === 'api') await runApiBenchmark(findings);
    else throw new Error(`--only: "${values.only}" is not a bench part; the ones there are: delivery, api`);
    return;
  }
  const counts = values.rows.split(',').map((s) => Number(s.replaceAll('_', '')));
  if (counts.some((c) => !Number.isInteger(c) || c < 1)) throw new Error(`--rows: "${values.rows}" must be whole numbers above 0, comma-separated`);
  const repeat = Number(values.repeat);
  const { hunts } = loadHunts(join(ROOT, 'hunts'));
  const root = values.data ?? mkdtempSync(join(tmpdir(), 'hunts-bench-'));
  mkdirSync(root, { recursive: true });

  try {
    const sizes: Size[] = [];
    for (const fileEvents of counts) {
      const { dir, deviceEvents } = dataFor(root, fileEvents);
      process.stderr.write(`engine on ${dir} ...\n`);
      warmPageCache(dir);
      const engine = side('engineSide.ts', { dir, repeat });
      process.stderr.write(`DuckDB on ${dir} ...\n`);
      warmPageCache(dir);
      const duckdb = side('duckdbSide.ts', { dir, repeat, windows: engine.windows });
      sizes.push({ fileEvents, deviceEvents, engine, duckdb });
    }
    const same = printComparison(sizes, hunts);
    if (!values['engine-only']) {
      await runComponentBenchmarks(dataFor(root, counts[0]).dir, repeat);
      await runDeliveryBenchmark(findings);
      await runApiBenchmark(findings);
    }
    if (!same) {
      process.stderr.write('bench failed: the engine and DuckDB found different findings (see MISMATCH above)\n');
      process.exitCode = 1;
    }
  } finally {
    if (!values.data) rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? err}\n`);
  process.exitCode = 1;
});

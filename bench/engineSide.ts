/**
 * The benchmark's engine side, run in its own process so its peak memory is its own: parse + bind
 * first use, loading both tables through the local source (streamed, only the columns the hunts
 * read), then each seed hunt over its window, as `hunts run` would.
 */
import { join } from 'node:path';
import { loadHunts } from '../src/hunts/load.js';
import { prepare } from '../src/kql/index.js';
import { LocalSource } from '../src/sources/local.js';
import { shippedSchemas } from '../src/sources/schemaCatalog.js';
import { projectRoot } from '../src/util/paths.js';
import { keySet, report, type HuntMeasure, type SideRequest } from './sides.js';

const request = JSON.parse(process.argv[2]) as SideRequest;
const { hunts } = loadHunts(join(projectRoot(), 'hunts'));
const schemas = { DeviceEvents: shippedSchemas().columns('DeviceEvents') ?? [], DeviceFileEvents: shippedSchemas().columns('DeviceFileEvents') ?? [] };

let t = performance.now();
prepare(hunts[0].query, schemas);
const prepareFirstMs = performance.now() - t;
t = performance.now();
prepare(hunts[1 % hunts.length].query, schemas);
const prepareLaterMs = performance.now() - t;

// Load time is the passes over the files (warmUp also prepares the hunts: measured above).
let loadMs = 0;
const source = new LocalSource(request.dir, { onProgress: (p) => p.done && (loadMs += p.elapsedMs) });
await source.warmUp(hunts.map((h) => h.query));
const end = (await source.newestEventTime()) as Date;

const windows: Record<string, { start: string; end: string }> = {};
const measures: Record<string, HuntMeasure> = {};
for (const hunt of hunts) {
  const window = { start: new Date(end.getTime() - hunt.lookback.ms), end };
  windows[hunt.slug] = { start: window.start.toISOString(), end: window.end.toISOString() };
  const ms: number[] = [];
  let rows: Record<string, unknown>[] = [];
  for (let i = 0; i < request.repeat; i++) {
    t = performance.now();
    rows = (await source.query(hunt.query, window)).rows;
    ms.push(performance.now() - t);
  }
  measures[hunt.slug] = { ms, rows: rows.length, keys: keySet(rows, hunt.finding.key) };
}

const rowsPerTable = Object.fromEntries(Object.entries(await source.describeTables()).map(([name, d]) => [name, d.rows]));
report({
  loadMs,
  rows: rowsPerTable,
  hunts: measures,
  windows,
  maxRssMb: process.resourceUsage().maxRSS / 1024,
  prepareFirstMs,
  prepareLaterMs,
  columns: source.loadedColumns(),
});

/**
 * The benchmark's reference side, in its own process: DuckDB loads the same files with read_ndjson
 * into tables (each column typed as our schema types it, timestamps parsed) and runs the seed hunts'
 * equivalent SQL over the same windows, each result written to a temporary table.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadHunts } from '../src/hunts/load.js';
import { shippedSchemas } from '../src/sources/schemaCatalog.js';
import { projectRoot } from '../src/util/paths.js';
import { DUCKDB_HUNTS } from './duckdbHunts.js';
import { keySet, report, type HuntMeasure, type SideRequest } from './sides.js';

const SQL_TYPES: Record<string, string> = {
  string: 'VARCHAR',
  guid: 'VARCHAR',
  datetime: 'TIMESTAMPTZ',
  long: 'BIGINT',
  int: 'INTEGER',
  real: 'DOUBLE',
  bool: 'BOOLEAN',
  dynamic: 'JSON',
  timespan: 'INTERVAL',
};

/** The columns of the file's first row, typed as our schema types them. */
function columnsOf(path: string, table: string): string {
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(64 * 1024);
  const n = readSync(fd, buffer, 0, buffer.length, 0);
  closeSync(fd);
  const first = JSON.parse(buffer.toString('utf8', 0, n).split('\n')[0]) as Record<string, unknown>;
  const types = new Map((shippedSchemas().columns(table) ?? []).map((c) => [c.name, c.type.toLowerCase()]));
  return `{${Object.keys(first).map((name) => `'${name}': '${SQL_TYPES[types.get(name) ?? 'string'] ?? 'VARCHAR'}'`).join(', ')}}`;
}

const request = JSON.parse(process.argv[2]) as SideRequest;
const { hunts } = loadHunts(join(projectRoot(), 'hunts'));
const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();

const rows: Record<string, number> = {};
let t = performance.now();
for (const table of ['DeviceEvents', 'DeviceFileEvents']) {
  const path = join(request.dir, `${table}.ndjson`);
  await db.run(`CREATE TABLE ${table} AS SELECT * FROM read_ndjson('${path}', columns = ${columnsOf(path, table)})`);
}
const loadMs = performance.now() - t;
for (const table of ['DeviceEvents', 'DeviceFileEvents']) {
  rows[table] = Number((await db.runAndReadAll(`SELECT count(*) AS n FROM ${table}`)).getRowObjects()[0].n);
}

const measures: Record<string, HuntMeasure> = {};
for (const hunt of hunts) {
  const sql = DUCKDB_HUNTS[hunt.slug];
  const window = request.windows?.[hunt.slug];
  if (!sql || !window) throw new Error(`no DuckDB SQL or window for hunt ${hunt.slug}`);
  for (const table of ['DeviceEvents', 'DeviceFileEvents']) {
    await db.run(
      `CREATE OR REPLACE TEMP VIEW ${table}_w AS SELECT * FROM ${table} WHERE TimeGenerated BETWEEN TIMESTAMPTZ '${window.start}' AND TIMESTAMPTZ '${window.end}'`,
    );
  }
  const ms: number[] = [];
  for (let i = 0; i < request.repeat; i++) {
    await db.run('DROP TABLE IF EXISTS hunt_result');
    t = performance.now();
    await db.run(`CREATE TEMP TABLE hunt_result AS ${sql}`);
    ms.push(performance.now() - t);
  }
  const keyColumns = hunt.finding.key.map((k) => `coalesce(CAST("${k}" AS VARCHAR), '') AS "${k}"`).join(', ');
  const result = (await db.runAndReadAll(`SELECT ${keyColumns} FROM hunt_result`)).getRowObjects() as Record<string, unknown>[];
  measures[hunt.slug] = { ms, rows: result.length, keys: keySet(result, hunt.finding.key) };
}

report({ loadMs, rows, hunts: measures, windows: request.windows ?? {}, maxRssMb: process.resourceUsage().maxRSS / 1024 });

/**
 * The local source reads one table from .ndjson, .csv (as advanced hunting exports it) and .json
 * alike, streams it, names the file and line of bad input, and loads only the columns a query reads
 * without changing any result.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadHunts } from '../../../src/hunts/load.js';
import { fromInput } from '../../../src/kql/index.js';
import { TableFile } from '../../../src/sources/localData/tableFile.js';
import { ColumnNotLoadedError, windowView } from '../../../src/sources/localData/windowView.js';
import { shippedSchemas } from '../../../src/sources/schemaCatalog.js';
import { LocalSource, type LoadProgress } from '../../../src/sources/local.js';
import { QueryFailedError } from '../../../src/sources/querySource.js';
import { ROOT } from '../../support/seeds.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'local-formats-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** RFC 4180 with CRLF, every field quoted when it needs to be, dynamic values as JSON text. */
function csv(columns: string[], rows: Record<string, unknown>[]): string {
  const field = (v: unknown): string => {
    const text = v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => field(r[c])).join(','))].map((l) => `${l}\r\n`).join('');
}

const rows = [
  { TimeGenerated: '2026-01-15T10:00:00.1234567Z', Timestamp: '2026-01-15T10:00:00.1234567Z', DeviceName: 'ws-1, "finance"', ActionType: 'AntivirusDetection', FileName: 'a.exe', FileOriginUrl: 'https://bad.test/a.exe', AdditionalFields: { ThreatName: 'Trojan:Win32/A', Nested: [1, '}'] }, MD5: 'aa' },
  { TimeGenerated: '2026-01-15T10:30:00Z', Timestamp: '2026-01-15T10:30:00Z', DeviceName: 'ws-2\nsecond line', ActionType: 'AntivirusDetection', FileName: 'b.exe', FileOriginUrl: '', AdditionalFields: null, MD5: 'bb' },
  { TimeGenerated: '2026-01-15T11:00:00Z', Timestamp: '2026-01-15T11:00:00Z', DeviceName: 'ws-3', ActionType: 'ProcessCreated', FileName: 'c.exe', FileOriginUrl: 'https://good.test/c', AdditionalFields: {}, MD5: '' },
];
const columns = Object.keys(rows[0]);
const window = { start: new Date('2026-01-15T09:00:00Z'), end: new Date('2026-01-15T12:00:00Z') };
const query = 'DeviceEvents | extend Threat = tostring(AdditionalFields.ThreatName) | project TimeGenerated, DeviceName, ActionType, FileName, FileOriginUrl, Threat, MD5';

describe('LocalSource file formats', () => {
  const ndjson = folder({ 'DeviceEvents.ndjson': rows.map((r) => JSON.stringify(r)).join('\n') });
  const expected = new LocalSource(ndjson).query(query, window);

  it('reads a CSV export (BOM, CRLF, quoted commas, quotes and line breaks, JSON text) as it reads NDJSON', async () => {
    const dir = folder({ 'DeviceEvents.csv': `\uFEFF${csv(columns, rows)}` });
    const r = await new LocalSource(dir).query(query, window);
    assert.deepEqual(r, await expected);
    assert.equal(r.rows[0].DeviceName, 'ws-1, "finance"');
    assert.equal(r.rows[1].DeviceName, 'ws-2\nsecond line');
    assert.equal(r.rows[0].Threat, 'Trojan:Win32/A');
  });

  it('reads a JSON array of objects, compact or pretty-printed, as it reads NDJSON', async () => {
    for (const text of [JSON.stringify(rows), `\uFEFF${JSON.stringify(rows, null, 2)}\r\n`]) {
      const dir = folder({ 'DeviceEvents.json': text });
      assert.deepEqual(await new LocalSource(dir).query(query, window), await expected);
    }
  });

  it('gives a row without a column named like an Object property ("constructor") that column empty, in every format', async () => {
    const named: Record<string, string>[] = [
      { TimeGenerated: '2026-01-15T10:00:00Z', constructor: 'set' },
      { TimeGenerated: '2026-01-15T10:30:00Z' },
    ];
    const q = 'T | project constructor';
    const formats: Record<string, string>[] = [{ 'T.json': JSON.stringify(named) }, { 'T.ndjson': named.map((r) => JSON.stringify(r)).join('\n') }];
    for (const files of formats) {
      assert.deepEqual((await new LocalSource(folder(files)).query(q, window)).rows, [{ constructor: 'set' }, { constructor: '' }], Object.keys(files)[0]);
    }
  });

  it('reads NDJSON with CRLF line ends, a BOM and blank lines', async () => {
    const dir = folder({ 'DeviceEvents.ndjson': `\uFEFF${rows.map((r) => JSON.stringify(r)).join('\r\n\r\n')}\r\n` });
    assert.deepEqual(await new LocalSource(dir).query(query, window), await expected);
  });

  it('keeps 7-digit timestamps apart and applies the window on TimeGenerated', async () => {
    const r = await new LocalSource(ndjson).query('DeviceEvents | project TimeGenerated', { start: new Date('2026-01-15T10:00:00.124Z'), end: window.end });
    assert.deepEqual(r.rows.length, 2);
  });

  it('infers column types of a CSV file without a schema from its text', async () => {
    const dir = folder({ 'Custom.csv': 'Timestamp,Count,Ratio,Ok,Bag,Id,Name\n2026-01-15T10:00:00Z,3,0.5,True,"{""a"":1}",007,x\n2026-01-15T10:01:00Z,,2,false,[1],010,\n' });
    const r = await new LocalSource(dir).query('Custom | extend a = tolong(Bag.a)', window);
    assert.deepEqual(
      r.columns.map((c) => `${c.name}:${c.type}`),
      ['Timestamp:datetime', 'Count:long', 'Ratio:real', 'Ok:bool', 'Bag:dynamic', 'Id:string', 'Name:string', 'a:long'],
    );
    assert.deepEqual(r.rows[1], { Timestamp: new Date('2026-01-15T10:01:00Z'), Count: null, Ratio: 2, Ok: false, Bag: [1], Id: '010', Name: '', a: null });
  });

  it('finds a column that the schema lacks when a query names it', async () => {
    const dir = folder({ 'DeviceEvents.ndjson': `${JSON.stringify({ ...rows[0], VendorScore: 7.5 })}\n` });
    const r = await new LocalSource(dir).query('DeviceEvents | project DeviceName, VendorScore', window);
    assert.deepEqual(r.rows, [{ DeviceName: 'ws-1, "finance"', VendorScore: 7.5 }]);
  });

  it('names the file, line and fix of bad input in each format', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ 'DeviceEvents.ndjson': '{"DeviceName":"a"}\n{"DeviceName":\n' }, /DeviceEvents\.ndjson:2: not valid JSON .*fix or delete that line$/],
      [{ 'DeviceEvents.csv': 'DeviceName,MD5\r\na,b\r\nc,d,e\r\n' }, /DeviceEvents\.csv:3: 3 fields, but the header has 2: quote fields that contain commas/],
      [{ 'DeviceEvents.csv': 'DeviceName,DeviceName\n' }, /DeviceEvents\.csv:1: column 'DeviceName' twice in the header row/],
      [{ 'DeviceEvents.csv': 'DeviceName\n"a\n' }, /DeviceEvents\.csv:2: unterminated quoted field/],
      [{ 'DeviceEvents.json': '[{"DeviceName":"a"},\n 3]' }, /DeviceEvents\.json:2: expected an object/],
      [{ 'DeviceEvents.json': '[{"DeviceName":"a"}' }, /DeviceEvents\.json:1: the JSON array does not end/],
    ];
    for (const [files, message] of cases) {
      await assert.rejects(new LocalSource(folder(files)).query('DeviceEvents | project DeviceName', window), (error: unknown) => {
        assert.ok(error instanceof QueryFailedError, String(error));
        assert.match(error.message, message);
        return true;
      });
    }
  });

  it('sets a bad file aside: queries of other tables, warmUp and the clock go on; queries that read it fail with its error', async () => {
    const dir = folder({
      'DeviceEvents.ndjson': rows.map((r) => JSON.stringify(r)).join('\n'),
      // A table with a shipped schema, and one whose columns would be inferred from its values.
      'SecurityEvent.ndjson': '{"TimeGenerated":"2030-01-01T00:00:00Z","Account":"a"}\n{"Account":\n',
      'Custom_CL.csv': 'TimeGenerated,Note\n2030-01-01T00:00:00Z,"a\n',
    });
    const warnings: string[] = [];
    const source = new LocalSource(dir, { onWarning: (m) => warnings.push(m) });
    await source.warmUp(['DeviceEvents | project DeviceName', 'SecurityEvent | project Account']);
    const clock = await source.newestEventTime();
    assert.equal(clock?.toISOString(), '2026-01-15T11:00:00.000Z', 'the clock comes from the readable tables');
    const result = await source.query('DeviceEvents | summarize n = count()', window);
    assert.deepEqual(result.rows, [{ n: 3 }]);
    assert.deepEqual(Object.keys(await source.describeTables()), ['DeviceEvents']);
    assert.equal(warnings.length, 2, warnings.join('\n'));
    assert.match(warnings.join('\n'), /SecurityEvent\.ndjson:2: not valid JSON.*\(table 'SecurityEvent' set aside: only queries that read it fail\)/);
    assert.match(warnings.join('\n'), /Custom_CL\.csv:2: unterminated quoted field.*\(table 'Custom_CL' set aside/);
    for (const [query, message] of [
      ['SecurityEvent | project Account', /SecurityEvent\.ndjson:2: not valid JSON .*fix or delete that line$/],
      ['Custom_CL | count', /Custom_CL\.csv:2: unterminated quoted field/],
      ['union DeviceEvents, Custom_CL | count', /Custom_CL\.csv:2: unterminated quoted field/],
      // A misspelt column named like a set-aside table is the binder's error, not the file's.
      ['DeviceEvents | where Custom_CL == 1', /^KQL: KS142 The name 'Custom_CL' does not refer to any known column.*\(line 1, col 22\)$/],
    ] as const) {
      await assert.rejects(source.query(query, window), (error: unknown) => {
        assert.ok(error instanceof QueryFailedError, String(error));
        assert.match(error.message, message);
        return true;
      });
    }
    assert.equal(warnings.length, 2, 'told once per table');
  });

  it('refuses two files for one table', async () => {
    const dir = folder({ 'DeviceEvents.csv': 'DeviceName\na\n', 'DeviceEvents.ndjson': '{}\n' });
    await assert.rejects(new LocalSource(dir).query('DeviceEvents', window), /table 'DeviceEvents' has two files .*keep one/);
  });

  it('reports progress per table with the rows read', async () => {
    const progress: LoadProgress[] = [];
    await new LocalSource(ndjson, { onProgress: (p) => progress.push(p) }).query('DeviceEvents | count', window);
    assert.ok(progress.length > 0);
    const last = progress[progress.length - 1];
    assert.deepEqual([last.table, last.rows, last.done, last.bytesRead === last.bytesTotal], ['DeviceEvents', 3, true, true]);
  });
});

describe('LocalSource column pruning', () => {
  const { hunts } = loadHunts(join(ROOT, 'hunts'));
  const samples = join(ROOT, 'samples');

  it('gives the seed hunts the same results as loading every column, and loads fewer', async () => {
    const pruned = new LocalSource(samples);
    const everything = new LocalSource(samples);
    // A bare table name reads every column: afterwards each table is wholly in memory.
    await everything.warmUp(['DeviceEvents', 'DeviceFileEvents']);
    const end = (await pruned.newestEventTime()) as Date;
    for (const hunt of hunts) {
      const w = { start: new Date(end.getTime() - hunt.lookback.ms), end };
      const got = await pruned.query(hunt.query, w);
      assert.ok(got.rows.length > 0, hunt.slug);
      assert.deepEqual(got, await everything.query(hunt.query, w), hunt.slug);
    }
    const loaded = pruned.loadedColumns();
    const all = everything.loadedColumns();
    assert.equal(all.DeviceEvents.length, shippedSchemas().columns('DeviceEvents')?.length, 'every column of the schema');
    // What the two hunts read, and the window's column.
    assert.deepEqual(loaded.DeviceEvents.sort(), ['ActionType', 'AdditionalFields', 'DeviceId', 'DeviceName', 'FileName', 'FileOriginUrl', 'FolderPath', 'MD5', 'TimeGenerated', 'Timestamp']);
    assert.ok(loaded.DeviceFileEvents.length < all.DeviceFileEvents.length / 2, String(loaded.DeviceFileEvents));
  });

  it('loads the columns of several queries in one pass per file (warmUp)', async () => {
    const passes: string[] = [];
    const source = new LocalSource(samples, { onProgress: (p) => p.done && passes.push(p.table) });
    await source.warmUp(hunts.map((h) => h.query));
    const end = (await source.newestEventTime()) as Date;
    for (const hunt of hunts) await source.query(hunt.query, { start: new Date(end.getTime() - hunt.lookback.ms), end });
    assert.deepEqual(passes.sort(), ['DeviceEvents', 'DeviceFileEvents']);
  });
});

describe('windowView', () => {
  it('gives only the rows in the window, and a column it did not load throws ColumnNotLoadedError when read', () => {
    const dir = folder({ 'T.ndjson': rows.map((r) => JSON.stringify(r)).join('\n') });
    const file = new TableFile('T', join(dir, 'T.ndjson'), 'ndjson', null);
    file.load(new Set(['DeviceName']));
    const view = windowView(file, fromInput(new Date('2026-01-15T10:15:00Z'), 'datetime'), fromInput(new Date('2026-01-15T11:00:00Z'), 'datetime'));
    assert.equal(view.length, 2);
    // The columns stay whole; `rows` are the window's, gathered by the engine for what a query reads.
    const rowsOf = (values: unknown[]) => Array.from(view.rows ?? [], (i) => values[i]);
    const at = (name: string) => view.columns.findIndex((c) => c.name === name);
    assert.deepEqual(rowsOf(view.data[at('DeviceName')]), ['ws-2\nsecond line', 'ws-3']);
    const md5 = view.data[at('MD5')];
    assert.throws(() => rowsOf(md5), (error: unknown) => error instanceof ColumnNotLoadedError && error.column === 'MD5' && error.table === 'T');
  });
});

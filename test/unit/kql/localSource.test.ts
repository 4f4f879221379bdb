import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { QueryFailedError } from '../../../src/sources/querySource.js';
import { LocalSource } from '../../../src/sources/local.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'local-source-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const ndjson = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('LocalSource', () => {
  const dir = folder({
    // Known schema (src/sources/schemas/DeviceEvents.json): window on TimeGenerated.
    'DeviceEvents.ndjson': ndjson([
      { TimeGenerated: '2026-01-15T09:59:59.9990000Z', Timestamp: '2026-01-15T09:59:59Z', DeviceName: 'early', ActionType: 'A' },
      { TimeGenerated: '2026-01-15T10:00:00.0000000Z', Timestamp: '2026-01-15T10:00:00Z', DeviceName: 'start', ActionType: 'A' },
      { TimeGenerated: '2026-01-15T11:00:00.0000000Z', Timestamp: '2026-01-15T11:00:00Z', DeviceName: 'end', ActionType: 'A' },
      { TimeGenerated: '2026-01-15T11:00:00.0001000Z', Timestamp: '2026-01-15T11:00:00Z', DeviceName: 'late', ActionType: 'A' },
    ]),
    // Unknown table: types inferred, window on Timestamp (no TimeGenerated column).
    'Custom.ndjson': ndjson([
      { Timestamp: '2026-01-15T10:30:00Z', Count: 3, Ratio: 0.5, Ok: true, Bag: { a: 1 }, Name: 'x' },
      { Timestamp: '2026-01-15T12:30:00.5000000Z', Count: 4, Ratio: 1, Ok: false, Bag: null, Name: 'y' },
    ]),
    'notes.txt': 'ignored',
  });
  const source = new LocalSource(dir);
  const window = { start: new Date('2026-01-15T10:00:00Z'), end: new Date('2026-01-15T11:00:00Z') };

  it('is named "local"', () => assert.equal(source.name, 'local'));

  it('applies the window on TimeGenerated, both ends inclusive', async () => {
    const r = await source.query('DeviceEvents | project DeviceName', window);
    assert.deepEqual(r.rows, [{ DeviceName: 'start' }, { DeviceName: 'end' }]);
    assert.deepEqual(r.columns, [{ name: 'DeviceName', type: 'string' }]);
  });

  it('infers column types of tables without a known schema and windows them on Timestamp', async () => {
    const r = await source.query('Custom | extend c2 = Count * 2 | project Name, c2, Ratio, Ok, a = tolong(Bag.a)', window);
    assert.deepEqual(r.columns, [
      { name: 'Name', type: 'string' },
      { name: 'c2', type: 'long' },
      { name: 'Ratio', type: 'real' },
      { name: 'Ok', type: 'bool' },
      { name: 'a', type: 'long' },
    ]);
    assert.deepEqual(r.rows, [{ Name: 'x', c2: 6, Ratio: 0.5, Ok: true, a: 1 }]);
    assert.deepEqual(await source.describeTables(), {
      Custom: { rows: 2, schema: 'inferred' },
      DeviceEvents: { rows: 4, schema: 'known' },
    });
  });

  it('uses the window end as now() by default', async () => {
    const r = await source.query('DeviceEvents | where TimeGenerated >= ago(30m) | project DeviceName', window);
    assert.deepEqual(r.rows, [{ DeviceName: 'end' }]);
  });

  it('reports the newest event time across tables, rounded up to the millisecond', async () => {
    assert.deepEqual(await source.newestEventTime(), new Date('2026-01-15T12:30:00.500Z'));
  });

  it('surfaces engine errors as QueryFailedError with the KQL message', async () => {
    await assert.rejects(source.query('DeviceEvents | reduce by DeviceName', window), (error: unknown) => {
      assert.ok(error instanceof QueryFailedError);
      assert.equal(error.code, 'error');
      assert.match(error.message, /^KQL: operator 'reduce' is not supported by the local engine yet \(line 1, col 16\)$/);
      return true;
    });
    await assert.rejects(source.query('NoSuchTable | take 1', window), QueryFailedError);
  });

  it('names the file and line of a bad NDJSON line', async () => {
    const bad = folder({ 'DeviceEvents.ndjson': '{"DeviceName":"ok"}\n\n{"DeviceName": oops}\n' });
    await assert.rejects(new LocalSource(bad).query('DeviceEvents', window), (error: unknown) => {
      assert.ok(error instanceof QueryFailedError);
      assert.ok(error.message.startsWith(`${join(bad, 'DeviceEvents.ndjson')}:3: not valid JSON`), error.message);
      return true;
    });
    const notObject = folder({ 'T.ndjson': '[1,2]\n' });
    await assert.rejects(new LocalSource(notObject).newestEventTime(), /T\.ndjson:1: expected one JSON object per line/);
  });
});

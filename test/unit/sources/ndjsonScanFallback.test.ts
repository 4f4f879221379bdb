/**
 * When the scan thread cannot start (its module missing from a bundle, or failing to load), a large
 * NDJSON file is read on the loading thread instead: same rows, same values, same errors. Its own
 * file: the scan thread is one per process.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { columnBuilder } from '../../../src/kql/index.js';
import { readNdjsonColumns } from '../../../src/sources/localData/ndjsonColumns.js';
import { useScanModuleForTests } from '../../../src/sources/localData/ndjsonScanThread.js';

const dir = mkdtempSync(join(tmpdir(), 'ndjson-fallback-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function read(path: string): { rows: number; threaded: boolean; values: unknown[][] } {
  const builders = [columnBuilder('string'), columnBuilder('long')];
  const { rows, threaded } = readNdjsonColumns(path, ['Name', 'Size'], builders, () => undefined, { threads: 'thread' });
  return { rows, threaded, values: builders.map((b) => b.values) };
}

describe('NDJSON scan thread fallback', () => {
  const rows = Array.from({ length: 5000 }, (_, i) => ({ Name: `file-${i}.exe`, Size: i, Extra: { nested: [i] } }));
  const data = join(dir, 'T.ndjson');
  writeFileSync(data, rows.map((r) => JSON.stringify(r)).join('\n'));
  const expected = [rows.map((r) => r.Name), rows.map((r) => r.Size)];

  it('reads on a second thread when it starts (the control case)', () => {
    const got = read(data);
    assert.equal(got.threaded, true);
    assert.deepEqual(got.values, expected);
  });

  it('reads the file on this thread, every value the same, when the thread module fails to load', () => {
    const broken = join(dir, 'brokenScanModule.mjs');
    writeFileSync(broken, "throw new Error('this scan module does not load');\n");
    useScanModuleForTests(pathToFileURL(broken).href);
    const got = read(data);
    assert.equal(got.threaded, false, 'fell back to this thread');
    assert.equal(got.rows, rows.length);
    assert.deepEqual(got.values, expected);
    // It does not try again for each file, and still names a bad line.
    assert.equal(read(data).threaded, false);
    const bad = join(dir, 'Bad.ndjson');
    writeFileSync(bad, '{"Name":"a","Size":1}\n{"Name":\n');
    assert.throws(() => read(bad), /Bad\.ndjson:2: not valid JSON/);
  });

  it('reads the file on this thread when there is no thread module at all (a bundle without it)', () => {
    useScanModuleForTests(pathToFileURL(join(dir, 'missing.mjs')).href);
    const got = read(data);
    assert.equal(got.threaded, false);
    assert.deepEqual(got.values, expected);
  });
});

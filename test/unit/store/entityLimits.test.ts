import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DROPPED_COLUMNS, capString, cappedRowJson, parseStoredJson, partNames, splitIntoParts } from '../../../src/store/entityLimits.js';
import { runRowKey } from '../../../src/store/tableFindingStore.js';

describe('capString', () => {
  it('leaves short strings alone and marks cut ones', () => {
    assert.equal(capString('abc', 3), 'abc');
    assert.equal(capString('abcdef', 4), 'abc…');
  });

  it('never splits a surrogate pair', () => {
    const capped = capString('a😀😀', 3);
    assert.equal(capped, 'a…');
    assert.ok(capped.length <= 3);
  });
});

describe('cappedRowJson', () => {
  it('keeps a small row exactly, Dates as ISO strings and bigints as text', () => {
    const row = { When: new Date('2025-01-01T00:00:00Z'), Big: 12345678901234567890n, Ok: true, N: null };
    assert.deepEqual(cappedRowJson(row), {
      json: '{"When":"2025-01-01T00:00:00.000Z","Big":"12345678901234567890","Ok":true,"N":null}',
      truncated: false,
      truncatedColumns: [],
    });
  });

  it('cuts only what does not fit, keeps as much of it as fits, and names the columns it cut', () => {
    const url = `https://evil.example/${'a'.repeat(100_000)}`;
    const row = { DeviceName: 'pc-1', FileOriginUrl: url, Note: 'n'.repeat(500), Count: 3 };
    const { json, truncated, truncatedColumns } = cappedRowJson(row, 10_000);
    assert.equal(truncated, true);
    assert.deepEqual(truncatedColumns, ['FileOriginUrl']);
    assert.ok(json.length <= 10_000);
    assert.ok(json.length > 9_900, `uses the room it has: ${json.length}`);
    const parsed = JSON.parse(json) as Record<string, string>;
    assert.equal(parsed.Note, row.Note);
    assert.equal(parsed.DeviceName, 'pc-1');
    assert.ok(url.startsWith(parsed.FileOriginUrl.slice(0, -1)) && parsed.FileOriginUrl.endsWith('…'));
  });

  it('names every column it cut when several are long, and none it kept whole', () => {
    const row = { A: 'a'.repeat(50_000), B: 'b'.repeat(20), C: { deep: 'c'.repeat(50_000) }, D: 'd'.repeat(40_000) };
    const { json, truncatedColumns } = cappedRowJson(row, 30_000);
    assert.deepEqual(truncatedColumns, ['A', 'C', 'D']);
    const parsed = JSON.parse(json) as Record<string, unknown>;
    assert.equal(parsed.B, row.B);
    for (const column of truncatedColumns) assert.match(String(parsed[column]), /…$/);
  });

  it('shortens long values first, keeping every column and valid JSON', () => {
    const row = { Host: 'h', CommandLine: 'x'.repeat(100_000), Dyn: { list: Array.from({ length: 10_000 }, (_, i) => i) } };
    const { json, truncated } = cappedRowJson(row, 10_000);
    assert.equal(truncated, true);
    assert.ok(json.length <= 10_000);
    const parsed = JSON.parse(json) as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed), ['Host', 'CommandLine', 'Dyn']);
    assert.equal(parsed.Host, 'h');
    assert.equal(typeof parsed.Dyn, 'string', 'an oversized nested value becomes its shortened JSON text');
  });

  it('drops trailing columns when there are too many, and says how many', () => {
    const row = Object.fromEntries(Array.from({ length: 3_000 }, (_, i) => [`Column${i}`, i]));
    const { json, truncated, truncatedColumns } = cappedRowJson(row, 1_000);
    assert.equal(truncated, true);
    assert.deepEqual(truncatedColumns, [DROPPED_COLUMNS], 'the kept values are whole; the marker says columns are missing');
    assert.ok(json.length <= 1_000);
    const parsed = JSON.parse(json) as Record<string, unknown>;
    assert.equal(parsed.Column0, 0);
    const kept = Object.keys(parsed).length - 1;
    assert.equal(parsed[DROPPED_COLUMNS], 3_000 - kept);
  });

  it('stays within budget for escape-heavy text', () => {
    const { json, truncatedColumns } = cappedRowJson({ S: '\u0001"\\'.repeat(50_000) }, 5_000);
    assert.ok(json.length <= 5_000);
    assert.deepEqual(truncatedColumns, ['S']);
    JSON.parse(json);
  });
});

describe('parseStoredJson', () => {
  it('reads damaged text as a marker instead of throwing', () => {
    assert.deepEqual(parseStoredJson('{"a":1}'), { a: 1 });
    assert.equal(typeof parseStoredJson('{"a":'), 'object');
    assert.equal(parseStoredJson(undefined), null);
  });
});

describe('runRowKey', () => {
  it('sorts newer runs first as plain strings', () => {
    const older = runRowKey(new Date('2025-01-01T00:00:00Z'), 'a');
    const newer = runRowKey(new Date('2025-01-01T00:00:01Z'), 'a');
    assert.ok(newer < older);
    assert.equal(runRowKey(new Date(0), 'x/y#z').length, 16 + 1 + 5);
    assert.doesNotMatch(runRowKey(new Date(0), 'x/y#z?\\'), /[/#?\\]/);
  });
});

describe('splitIntoParts', () => {
  it('splits into parts of at most the given size that join back to the text, never cutting a surrogate pair', () => {
    const text = `x${'😀a'.repeat(1_000)}`;
    for (const size of [2, 3, 7, 100]) {
      const parts = splitIntoParts(text, size);
      assert.equal(parts.join(''), text);
      assert.ok(parts.every((p) => p.length <= size && p.length > 0));
      assert.ok(parts.every((p) => !/[\ud800-\udbff]$/.test(p) && !/^[\udc00-\udfff]/.test(p)), `size ${size}`);
    }
    assert.deepEqual(splitIntoParts(''), ['']);
    assert.deepEqual(partNames('keyJson', 3), ['keyJson', 'keyJson1', 'keyJson2']);
  });
});

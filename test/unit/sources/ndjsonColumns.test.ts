import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { columnBuilder, type ColumnBuilder } from '../../../src/kql/index.js';
import { QueryFailedError } from '../../../src/sources/querySource.js';
import { readNdjsonColumns } from '../../../src/sources/localData/ndjsonColumns.js';
import { recordOfLine } from '../../../src/sources/localData/ndjson.js';
import { SLOT_BYTES } from '../../../src/sources/localData/ndjsonSlots.js';

/**
 * The byte scanner must give every column exactly what JSON.parse of each line gives (the reference
 * below), whatever the line holds, and refuse exactly the lines JSON.parse refuses.
 */

const dir = mkdtempSync(join(tmpdir(), 'ndjson-columns-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

function file(text: string | Buffer): string {
  const path = join(dir, `T${files++}.ndjson`);
  writeFileSync(path, text);
  return path;
}

type Columns = [name: string, type: string][];

/** Which way the file is read: on this thread, or tokenized on a second one. Every test runs both ways. */
let threads: 'inline' | 'thread' = 'inline';

function scanned(path: string, columns: Columns, onBytes?: (read: number, total: number) => void): { rows: number; values: unknown[][] } {
  const builders = columns.map(([, type]) => columnBuilder(type));
  let seen = 0;
  const { rows, threaded } = readNdjsonColumns(
    path,
    columns.map(([name]) => name),
    builders,
    () => seen++,
    { threads, onBytes },
  );
  assert.equal(seen, rows);
  assert.equal(threaded, threads === 'thread', 'read the way asked for');
  return { rows, values: builders.map((b) => b.values) };
}

/** What the columns get from JSON.parse of each line (a BOM and blank lines dropped). */
function reference(text: string, columns: Columns): { rows: number; values: unknown[][] } {
  const builders: ColumnBuilder[] = columns.map(([, type]) => columnBuilder(type));
  let rows = 0;
  text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((line, i) => {
      const record = recordOfLine(line, 'ref', i + 1);
      if (!record) return;
      rows++;
      columns.forEach(([name], k) => builders[k].add(Object.hasOwn(record, name) ? record[name] : undefined));
    });
  return { rows, values: builders.map((b) => b.values) };
}

function sameAsJsonParse(text: string, columns: Columns): void {
  assert.deepEqual(scanned(file(text), columns), reference(text, columns), text.slice(0, 200));
}

function failure(text: string, columns: Columns = [['a', 'string']]): string {
  try {
    scanned(file(text), columns);
  } catch (error) {
    assert.ok(error instanceof QueryFailedError, String(error));
    return error.message;
  }
  assert.fail(`no error for ${JSON.stringify(text)}`);
}

const STRINGS: Columns = [
  ['a', 'string'],
  ['b', 'string'],
];

for (const way of ['inline', 'thread'] as const)
describe(`readNdjsonColumns (${way})`, () => {
  beforeEach(() => {
    threads = way;
  });

  it('reads plain, escaped, non-ASCII and \\u-escaped strings as JSON.parse does', () => {
    const rows = [
      { a: 'plain', b: '' },
      { a: 'C:\\Users\\x\\"quoted"\\n', b: 'tab\there' },
      { a: 'Zürich ✓ 𝄞', b: 'naïve' },
      { a: 'plain', b: 'Zürich ✓ 𝄞' },
    ];
    const text = rows.map((r) => JSON.stringify(r)).join('\n') + '\n{"a":"\\u00e9\\u0041\\ud834\\udd1e","b":"\\/\\b\\f\\r"}\n';
    sameAsJsonParse(text, STRINGS);
    assert.equal(scanned(file(text), STRINGS).values[0][4], 'éA𝄞');
  });

  it('gives missing keys, extra keys, other key orders and repeated keys (the last wins) as JSON.parse does', () => {
    const text = ['{"a":"1","b":"2","c":"x"}', '{"b":"3"}', '{"c":{"a":"no"},"b":"4","a":"5"}', '{}', '{ }', '{"a":"6","a":"7"}', '{"constructor":"8"}'].join('\n');
    sameAsJsonParse(text, [...STRINGS, ['constructor', 'string'], ['toString', 'string']]);
  });

  it('reads numbers, booleans, null, objects and arrays into typed columns', () => {
    const columns: Columns = [
      ['n', 'long'],
      ['r', 'real'],
      ['t', 'bool'],
      ['d', 'dynamic'],
      ['s', 'string'],
      ['when', 'datetime'],
    ];
    const text = [
      '{"n":1,"r":-0.5e-3,"t":true,"d":{"x":[1,{"y":"]}"}]},"s":null,"when":"2026-11-20T10:00:00.1234567Z"}',
      '{"n":-12,"r":1E+2,"t":false,"d":[],"s":12,"when":"2026-11-20T10:00:00.1234568Z"}',
      '{"n":null,"r":0,"t":null,"d":"text","s":{"k":1},"when":"2026-11-20T10:00:00.1234568Z"}',
      '{"n":"7","r":"2.5","t":"true","d":null,"s":[1,"a"],"when":"2026-11-20T10:00:01.1234568Z"}',
      '{"n":0,"when":"2026-11-20 10:00:02"}',
      '{"when":""}',
      '{"when":null}',
    ].join('\n');
    sameAsJsonParse(text, columns);
  });

  it('keeps each row of two datetime columns apart when only one of them repeats', () => {
    const columns: Columns = [
      ['TimeGenerated', 'datetime'],
      ['Timestamp', 'datetime'],
    ];
    const text = [
      '{"TimeGenerated":"2026-11-20T10:00:00.0000001Z","Timestamp":"2026-11-20T10:00:00.0000001Z"}',
      '{"TimeGenerated":"2026-11-20T10:00:00.0000002Z","Timestamp":"2026-11-20T10:00:00.0000001Z"}',
      '{"TimeGenerated":"2026-11-20T10:00:00.0000001Z","Timestamp":"2026-11-20T10:00:00.0000002Z"}',
      '{"Timestamp":"2026-11-20T10:00:00.0000003Z"}',
    ].join('\n');
    sameAsJsonParse(text, columns);
    const { values } = scanned(file(text), columns);
    assert.equal((values[0][1] as number) - (values[0][0] as number), 1);
  });

  it('takes a BOM, CRLF, tabs and spaces around tokens, blank lines and a last line without a newline', () => {
    sameAsJsonParse('\uFEFF{"a":"1"}\r\n\r\n  \t\n{ "a" : "2" , "b" :"3" }\r\n\n{\t"a":\t"4"}', STRINGS);
    assert.equal(scanned(file('\uFEFF{"a":"1"}\r\n\r\n\n{"a":"2"}'), STRINGS).rows, 2);
  });

  it('reads lines longer than its block, and many rows across blocks', () => {
    const long = 'x'.repeat(3 * 1024 * 1024);
    const many = Array.from({ length: 40_000 }, (_, i) => JSON.stringify({ a: `device-${i % 97}`, b: `url-${i}-${'y'.repeat(i % 50)}` }));
    sameAsJsonParse([JSON.stringify({ a: long, b: 'after' }), ...many, JSON.stringify({ b: long })].join('\n'), STRINGS);
  });

  it('shares repeated values of a column and keeps distinct ones apart', () => {
    const text = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ a: `device-${i % 3}`, b: `v${i}` })).join('\n');
    const { values } = scanned(file(text), STRINGS);
    assert.deepEqual(new Set(values[0]), new Set(['device-0', 'device-1', 'device-2']));
    assert.equal(new Set(values[1]).size, 1000);
  });

  it('refuses every line JSON.parse refuses, naming the file, the line and the fix, whichever columns are read', () => {
    const bad = [
      '{"a":"1",}',
      '{"a":"1"',
      '{"a":"unterminated}',
      '{"a":"bad \\x escape"}',
      '{"a":"bad \\u12G4 escape"}',
      '{"a":"control \u0001 char"}',
      '{"a":tru}',
      '{"a":01}',
      '{"a":1.}',
      '{"a":-}',
      '{"a":"1"} trailing',
      '{"a":"1"}{"a":"2"}',
      '{"z":{"x":}}',
      '{"z":[1,]}',
      '{"z":"1" "a":"2"}',
      '{a:"1"}',
      '{"a" "1"}',
    ];
    for (const line of bad) {
      assert.throws(() => JSON.parse(line), line);
      // Which columns are read matters to the tokenizer, not to the thread: one set suffices there.
      for (const columns of way === 'inline' ? [STRINGS, [['z', 'string']] as Columns] : [STRINGS]) {
        assert.match(failure(`{"a":"ok"}\n\n${line}\n{"a":"ok"}\n`, columns), /T\d+\.ndjson:3: not valid JSON .*fix or delete that line$/, line);
      }
    }
    assert.match(failure('[{"a":"1"}]\n'), /:1: expected one JSON object per line/);
    assert.match(failure('"a"\n'), /:1: expected one JSON object per line/);
  });

  it('gives undefined bytes the replacement character, as decoding the text first does', () => {
    const bytes = Buffer.concat([Buffer.from('{"a":"bad '), Buffer.from([0xff, 0xc3]), Buffer.from(' end"}\n')]);
    const { values } = scanned(file(bytes), STRINGS);
    assert.equal(values[0][0], 'bad \uFFFD\uFFFD end');
  });

  it('reads a line longer than a scan slot, and reports progress up to the whole file', () => {
    const long = 'z'.repeat(SLOT_BYTES + 1024);
    const text = ['{"a":"before"}', JSON.stringify({ a: long, b: 'long' }), '{"a":"after"}', `{"b":"${long}`].join('\n');
    assert.match(failure(text), /:4: not valid JSON/);
    const whole = text.slice(0, text.lastIndexOf('\n'));
    let last = 0;
    const path = file(whole);
    sameAsJsonParse(whole, STRINGS);
    scanned(path, STRINGS, (read, total) => {
      assert.ok(read >= last && read <= total);
      last = read;
      assert.equal(total, Buffer.byteLength(whole));
    });
    assert.equal(last, Buffer.byteLength(whole));
  });
});

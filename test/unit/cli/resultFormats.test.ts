import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toCsv, toJson, toTextTable, type ResultTable } from '../../../src/cli/resultFormats.js';

const result: ResultTable = {
  columns: [
    { name: 'At', type: 'datetime' },
    { name: 'Name', type: 'string' },
    { name: 'Bag', type: 'dynamic' },
    { name: 'N', type: 'long' },
  ],
  rows: [
    { At: new Date('2026-11-20T10:00:00.123Z'), Name: 'a,"b"\r\nc', Bag: { k: [1, 2] }, N: 9007199254740993n },
    { At: null, Name: '', Bag: null, N: null },
  ],
};

describe('query results', () => {
  it('as CSV per RFC 4180: CRLF, a header, quotes doubled inside quoted fields, empty for null', () => {
    assert.equal(
      toCsv(result),
      'At,Name,Bag,N\r\n2026-11-20T10:00:00.123Z,"a,""b""\r\nc","{""k"":[1,2]}",9007199254740993\r\n,,,\r\n',
    );
  });

  it('as JSON: columns with types and rows as arrays, Int64 as text, datetimes as ISO', () => {
    assert.deepEqual(JSON.parse(toJson(result)), {
      columns: result.columns,
      rows: [
        ['2026-11-20T10:00:00.123Z', 'a,"b"\r\nc', { k: [1, 2] }, '9007199254740993'],
        [null, '', null, null],
      ],
    });
  });

  it('as a table that fits the width: the widest column is cut first, each cell escaped after it is cut', () => {
    const wide: ResultTable = {
      columns: [{ name: 'Id', type: 'string' }, { name: 'CommandLine', type: 'string' }],
      rows: [{ Id: 'p1', CommandLine: `powershell -enc ${'A'.repeat(200)}` }, { Id: 'p2', CommandLine: 'x\u001b[2Jy' }],
    };
    const lines = toTextTable(wide, 40).trimEnd().split('\n');
    assert.deepEqual(lines, ['Id  CommandLine', `p1  powershell -enc ${'A'.repeat(19)}…`, 'p2  x\\x1b[2Jy']);
    assert.ok(lines.every((l) => Array.from(l).length <= 40));
  });
});

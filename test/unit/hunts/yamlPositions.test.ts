import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { YamlPositions } from '../../../src/hunts/yamlPositions.js';

const text = [
  'id: x', //                                     1
  'query: |', //                                  2
  '    DeviceEvents', //                          3
  '    | where ActionTyp == 1', //                4
  'folded: >', //                                 5
  '  DeviceEvents', //                            6
  '  | where ActionTyp == 1', //                  7
  'plain: DeviceEvents', //                       8
  '  | where ActionTyp == 1', //                  9
  "single: 'DeviceEvents ''a''", //               10
  "  | where ActionTyp == 1'", //                 11
  'quoted: "DeviceEvents | where ActionTyp"', //  12
  'indicated: |2', //                             13
  '    DeviceEvents', //                          14
  'finding:', //                                  15
  '  key: [A, B]', //                             16
  '  title: "x {C}"', //                          17
].join('\n');

describe('positions in a hunt file', () => {
  const p = new YamlPositions(text);

  it('map a line and column of a literal block exactly, whatever its indentation', () => {
    assert.deepEqual(p.inString(['query'], 2, 9), { line: 4, column: 13 });
    assert.deepEqual(p.inString(['query'], 1, 1), { line: 3, column: 5 });
    assert.deepEqual(p.inString(['indicated'], 1, 3), { line: 14, column: 5 });
  });

  it('find the same character in folded, plain and single-quoted strings; a double-quoted one points at its start', () => {
    // Folded and plain: the query is one line; column 22 is the A of ActionTyp.
    assert.deepEqual(p.inString(['folded'], 1, 22), { line: 7, column: 11 });
    assert.deepEqual(p.inString(['plain'], 1, 22), { line: 9, column: 11 });
    // 'DeviceEvents ''a'' | where ActionTyp': the value's column 26 is that A again.
    assert.deepEqual(p.inString(['single'], 1, 26), { line: 11, column: 11 });
    assert.deepEqual(p.inString(['quoted'], 1, 22), { line: 12, column: 9 });
  });

  it('find keys, list items and the nearest existing parent of a missing key', () => {
    assert.deepEqual(p.key(['finding', 'key', 1]), { line: 16, column: 12 });
    assert.deepEqual(p.key(['finding', 'title']), { line: 17, column: 10 });
    assert.deepEqual(p.key(['nope']), { line: 1, column: 1 });
    assert.deepEqual(p.key(['finding', 'severity']).line, 16);
  });
});

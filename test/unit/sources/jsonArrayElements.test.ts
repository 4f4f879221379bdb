import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonArrayElements } from '../../../src/sources/localData/jsonArray.js';

function parse(pieces: string[]): [number, unknown][] {
  const out: [number, unknown][] = [];
  const elements = new JsonArrayElements('t.json', (record, line) => out.push([line, record]));
  pieces.forEach((p, i) => elements.push(p, i === pieces.length - 1));
  return out;
}

/** Every way of cutting the text in two must give the same elements. */
function parseAnyhow(text: string): [number, unknown][] {
  const whole = parse([text]);
  for (let cut = 0; cut <= text.length; cut++) assert.deepEqual(parse([text.slice(0, cut), text.slice(cut)]), whole, `cut at ${cut}`);
  return whole;
}

function failure(text: string): string {
  try {
    parse([text]);
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail(`no error for ${JSON.stringify(text)}`);
}

describe('JsonArrayElements', () => {
  it('splits a compact array of objects', () => {
    assert.deepEqual(parseAnyhow('[{"a":1},{"a":2}]'), [
      [1, { a: 1 }],
      [1, { a: 2 }],
    ]);
  });

  it('splits a pretty-printed array and gives the line each object starts on', () => {
    const rows = [{ a: 1, b: { c: [1, 2] } }, { a: 2, b: null }];
    assert.deepEqual(parseAnyhow(`${JSON.stringify(rows, null, 2)}\n`), [
      [2, rows[0]],
      [11, rows[1]],
    ]);
  });

  it('is not fooled by brackets, braces and quotes inside strings', () => {
    const rows = [{ s: '}]{["', t: 'a \\" b', u: '\\\\' }, { s: '\\"}' }];
    assert.deepEqual(
      parseAnyhow(JSON.stringify(rows)).map(([, r]) => r),
      rows,
    );
  });

  it('reads an empty array', () => {
    assert.deepEqual(parseAnyhow(' [ ]\n'), []);
  });

  it('names the line and the fix for what is not an array of objects', () => {
    assert.match(failure('{"a":1}\n{"a":2}\n'), /^t\.json:1: expected a JSON array of objects .*name the file \.ndjson/);
    assert.match(failure('[\n{"a":1},\n2]'), /^t\.json:3: expected an object/);
    assert.match(failure('[{"a":1},]'), /^t\.json:1: expected an object/);
    assert.match(failure('[{"a":1}{"a":2}]'), /^t\.json:1: expected ',' or ']'/);
    assert.match(failure('[{"a":1}] x'), /^t\.json:1: text after the array's closing/);
    assert.match(failure('[{"a":1},\n{"a":'), /^t\.json:2: the JSON array does not end/);
    assert.match(failure('[\n\n{"a":tru}]'), /^t\.json:3: not valid JSON .*fix the object that starts on this line/);
  });
});

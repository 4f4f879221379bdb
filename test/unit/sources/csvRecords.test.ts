import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CsvRecords } from '../../../src/sources/localData/csv.js';

/** Records and their line numbers, from text fed in the given pieces. */
function parse(pieces: string[]): [number, string[]][] {
  const out: [number, string[]][] = [];
  const records = new CsvRecords('t.csv', (fields, line) => out.push([line, fields]));
  pieces.forEach((p, i) => records.push(p, i === pieces.length - 1));
  return out;
}

/** Every way of cutting the text in two, and one character at a time, must give the same records. */
function parseAnyhow(text: string): [number, string[]][] {
  const whole = parse([text]);
  for (let cut = 0; cut <= text.length; cut++) assert.deepEqual(parse([text.slice(0, cut), text.slice(cut)]), whole, `cut at ${cut}`);
  assert.deepEqual(parse([...text, '']), whole, 'one character at a time');
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

describe('CsvRecords (RFC 4180)', () => {
  it('splits plain records on commas, with or without a final line break', () => {
    assert.deepEqual(parseAnyhow('a,b,c\n1,2,3\n'), [
      [1, ['a', 'b', 'c']],
      [2, ['1', '2', '3']],
    ]);
    assert.deepEqual(parseAnyhow('a,b\n1,2'), [
      [1, ['a', 'b']],
      [2, ['1', '2']],
    ]);
  });

  it('keeps empty fields, also the last one', () => {
    assert.deepEqual(parseAnyhow('a,,c\n,,\n'), [
      [1, ['a', '', 'c']],
      [2, ['', '', '']],
    ]);
  });

  it('accepts CRLF line breaks, and keeps a CR that is not part of one', () => {
    assert.deepEqual(parseAnyhow('a,b\r\n1,2\r\n"x",y\r\n'), [
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [3, ['x', 'y']],
    ]);
    assert.deepEqual(parseAnyhow('a\rb,c\n'), [[1, ['a\rb', 'c']]]);
  });

  it('reads quoted fields: commas, doubled quotes, empty quotes', () => {
    assert.deepEqual(parseAnyhow('"a,b","say ""hi""","",x\n'), [[1, ['a,b', 'say "hi"', '', 'x']]]);
  });

  it('keeps line breaks inside quoted fields and counts lines from where each record starts', () => {
    assert.deepEqual(parseAnyhow('h1,h2\n"two\nlines",x\r\n"crlf\r\ninside",y\nlast,z\n'), [
      [1, ['h1', 'h2']],
      [2, ['two\nlines', 'x']],
      [4, ['crlf\r\ninside', 'y']],
      [6, ['last', 'z']],
    ]);
  });

  it('reads dynamic values written as quoted JSON text', () => {
    assert.deepEqual(parseAnyhow('"{""ThreatName"":""Trojan:Win32/X"",""n"":[1,2]}"\n'), [
      [1, ['{"ThreatName":"Trojan:Win32/X","n":[1,2]}']],
    ]);
  });

  it('skips blank lines but counts them', () => {
    assert.deepEqual(parseAnyhow('a\n\n\r\nb\n'), [
      [1, ['a']],
      [4, ['b']],
    ]);
  });

  it('names the line of a quote inside an unquoted field, of text after a closing quote, of an unterminated quote', () => {
    assert.match(failure('a,b\nx,ab"c\n'), /^t\.csv:2: a " inside unquoted field 2: quote the whole field/);
    assert.match(failure('a,b\n"x"y,z\n'), /^t\.csv:2: text after a closing quote in field 1: quote the whole field/);
    assert.match(failure('a,b\n"x\ny,z\n'), /^t\.csv:2: unterminated quoted field: a field that opens with " must close with "/);
  });
});

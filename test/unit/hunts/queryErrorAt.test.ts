import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { placeInHuntFile } from '../../../src/hunts/queryErrorAt.js';
import { QueryFailedError } from '../../../src/sources/querySource.js';
import { KqlError, prepare } from '../../../src/kql/index.js';
import { tempDir } from '../../support/tempDir.js';

function huntFile(text: string): string {
  const file = join(tempDir('query-error-at-'), 'h.yaml');
  writeFileSync(file, text);
  return file;
}

/** The engine's error for a query, wrapped as a source wraps it. */
function failed(kql: string): QueryFailedError {
  try {
    prepare(kql, { T: [{ name: 'a', type: 'string' }] });
  } catch (error) {
    assert.ok(error instanceof KqlError);
    return new QueryFailedError(error.message, 'error', { cause: error });
  }
  throw new Error(`'${kql}' prepared`);
}

describe('a failed run names the place in the hunt file', () => {
  it('moves the query position of a block scalar into the file, as hunts validate shows it', () => {
    const file = huntFile('id: h\nname: H\nquery: |\n  T\n  | evaluate pivot(a)\n');
    const error = failed('T\n| evaluate pivot(a)\n');
    assert.match(error.message, /\(line 2, col 12\)$/);
    assert.equal(placeInHuntFile(file, error), `${file}:5:14: KQL: plugin 'pivot' is not supported by the local engine yet`);
  });

  it('places a one-line double-quoted query at its start, and keeps "(+N more)"', () => {
    const file = huntFile('id: h\nname: H\nquery: "T | where b == 1 and c == 2"\n');
    const error = failed('T | where b == 1 and c == 2');
    assert.match(error.message, /\(line 1, col 11\) \(\+1 more\)$/);
    assert.equal(placeInHuntFile(file, error), `${file}:3:8: KQL: KS142 The name 'b' does not refer to any known column, table, variable or function. (+1 more)`);
  });

  it('leaves a message without positions, or whose file is gone, as it is', () => {
    const file = huntFile('id: h\nquery: T\n');
    assert.equal(placeInHuntFile(file, new Error('Log Analytics answered 503')), 'Log Analytics answered 503');
    const error = failed('T | evaluate pivot(a)');
    assert.equal(placeInHuntFile(join(file, 'missing.yaml'), error), error.message);
  });
});

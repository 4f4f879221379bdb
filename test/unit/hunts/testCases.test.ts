import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatLoadError } from '../../../src/hunts/load.js';
import { loadTestFile } from '../../../src/hunts/testCases.js';
import { tempDir } from '../../support/tempDir.js';

function file(text: string): string {
  const path = join(tempDir('cases-'), 'h.test.yaml');
  writeFileSync(path, text);
  return path;
}

describe('hunt test files', () => {
  it('read cases with their line, defaults for exclusions and input', () => {
    const loaded = loadTestFile(file('cases:\n  - name: one\n    now: 2026-11-20T12:00:00Z\n    expect: []\n  - name: two\n    exclusions: false\n    input:\n      T: [{ A: "1" }]\n    expect:\n      - key: { A: "1" }\n'), 'h.test.yaml');
    assert.ok(loaded.ok);
    assert.deepEqual(
      loaded.value.cases.map((c) => [c.name, c.line, c.exclusions, c.input, c.expect]),
      [
        ['one', 2, true, {}, []],
        ['two', 5, false, { T: [{ A: '1' }] }, [{ key: { A: '1' } }]],
      ],
    );
  });

  it('name the file, line and key of each mistake, with the fix', () => {
    const loaded = loadTestFile(
      file('cases:\n  - name: one\n    now: yesterday\n    input:\n      T: [{ SHA1: 1111111111111111111111111111111111111111 }]\n  - name: one\n    expect: []\n    extra: 1\n'),
      'h.test.yaml',
    );
    assert.ok(!loaded.ok);
    const messages = loaded.errors.map(formatLoadError);
    assert.ok(messages.some((m) => /^h\.test\.yaml:3:10: key 'cases\[0\]\.now': not an ISO 8601 time/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /^h\.test\.yaml:5:\d+: key 'cases\[0\]\.input\.T\[0\]\.SHA1': this number is too large to keep exact .*quote it/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /^h\.test\.yaml:\d+:\d+: key 'cases\[0\]\.expect'/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /^h\.test\.yaml:\d+:\d+: key 'cases\[1\]'.*extra/.test(m)), messages.join('\n'));
  });

  it('refuse two cases with one name', () => {
    const loaded = loadTestFile(file('cases:\n  - name: one\n    expect: []\n  - name: one\n    expect: []\n'), 'h.test.yaml');
    assert.ok(!loaded.ok);
    assert.match(formatLoadError(loaded.errors[0]), /^h\.test\.yaml:4:1: key 'cases\[1\]\.name': a second case is named "one"/);
  });
});

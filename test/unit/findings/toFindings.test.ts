import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { canonicalJson, findingId } from '../../../src/findings/findingKey.js';
import { FindingSpecError, toFindings } from '../../../src/findings/toFindings.js';
import type { Hunt } from '../../../src/hunts/hunt.js';
import type { QueryResult } from '../../../src/sources/querySource.js';
import { makeHunt } from '../../support/hunt.js';

function hunt(key: string[], title = ''): Hunt {
  return makeHunt({ id: 'h1', name: 'Hunt one', file: 'hunts/h1.yaml', finding: { key, title, severity: 'High' } });
}

const result: QueryResult = {
  columns: [{ name: 'Host', type: 'string' }, { name: 'Count', type: 'long' }, { name: 'At', type: 'datetime' }],
  rows: [
    { Host: 'b.test', Count: 3, At: new Date('2026-01-02T00:00:00Z') },
    { Host: 'a.test', Count: 1, At: new Date('2026-01-01T00:00:00Z') },
    { Host: 'b.test', Count: 9, At: new Date('2026-01-03T00:00:00Z') },
  ],
};

describe('finding ids', () => {
  it('are the hex SHA-256 of the canonical JSON of the key (sorted keys, ISO dates)', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: new Date('2026-01-01T00:00:00Z'), c: [2, undefined] } }), '{"a":{"c":[2,null],"d":"2026-01-01T00:00:00.000Z"},"b":1}');
    assert.equal(findingId({ Host: 'a.test' }), createHash('sha256').update('{"Host":"a.test"}').digest('hex'));
    assert.equal(findingId({ A: 1, B: 2 }), findingId({ B: 2, A: 1 }));
    assert.notEqual(findingId({ Host: 'a.test' }), findingId({ Host: 'A.test' }));
    // An Int64 that arrives as a bigint hashes like its decimal text instead of throwing.
    assert.equal(findingId({ N: 9007199254740993n }), findingId({ N: '9007199254740993' }));
  });
});

describe('toFindings', () => {
  it('makes one finding per key, the first row winning, with the title rendered', () => {
    const findings = toFindings(hunt(['Host'], 'Downloads from {Host} ({Count})'), result);
    assert.deepEqual(findings.map((f) => [f.key, f.title, f.row.Count, f.severity, f.huntId]), [
      [{ Host: 'b.test' }, 'Downloads from b.test (3)', 3, 'High', 'h1'],
      [{ Host: 'a.test' }, 'Downloads from a.test (1)', 1, 'High', 'h1'],
    ]);
  });

  it('keys on the identity-like columns when the hunt names none, never on times or counts, with a default title', () => {
    const findings = toFindings(hunt([]), result);
    assert.deepEqual(findings.map((f) => f.key), [{ Host: 'b.test' }, { Host: 'a.test' }]);
    assert.equal(findings[0].title, 'Hunt one: Host=b.test');
  });

  it('derives the key from the actual result columns, so a query with no schema still dedups', () => {
    const events: QueryResult = {
      columns: [{ name: 'Timestamp', type: 'datetime' }, { name: 'DeviceName', type: 'string' }, { name: 'ProcessCommandLine', type: 'string' }, { name: 'ReportId', type: 'long' }],
      rows: [1, 2, 3].map((n) => ({ Timestamp: new Date(Date.UTC(2026, 0, n)), DeviceName: 'pc1', ProcessCommandLine: 'whoami /all', ReportId: n })),
    };
    const findings = toFindings(hunt([]), events);
    assert.deepEqual(findings.map((f) => f.key), [{ DeviceName: 'pc1', ProcessCommandLine: 'whoami /all' }]);
  });

  it('cuts every title at 200 characters with an ellipsis', () => {
    const long: QueryResult = { columns: [{ name: 'Url', type: 'string' }], rows: [{ Url: `https://x.test/${'a'.repeat(1000)}` }] };
    const [derived] = toFindings(hunt([]), long);
    assert.equal(Array.from(derived.title).length, 200);
    assert.ok(derived.title.startsWith('Hunt one: Url=https://x.test/aaa'));
    assert.ok(derived.title.endsWith('a…'));
    const [templated] = toFindings(hunt(['Url'], 'Seen {Url}'), long);
    assert.equal(Array.from(templated.title).length, 200);
  });

  it('names the file and key when a key or title column is not in the result', () => {
    assert.throws(() => toFindings(hunt(['Hots']), result), (e: Error) => e instanceof FindingSpecError && /hunts\/h1\.yaml: key 'finding\.key': column\(s\) Hots are not in the query's result \(it returns: Host, Count, At\)/.test(e.message));
    assert.throws(() => toFindings(hunt(['Host'], '{Nope} x'), result), /key 'finding\.title': \{Nope\}/);
  });
});

describe('finding.show', () => {
  it('names the file, the key and the columns the result has when it lists one it lacks', () => {
    const h = makeHunt({ id: 'h1', file: 'hunts/h1.yaml', finding: { key: ['Host'], title: '', severity: 'High', show: ['Host', 'Nope', 'Gone'] } });
    assert.throws(
      () => toFindings(h, result),
      (e: Error) => e instanceof FindingSpecError && e.message === "hunts/h1.yaml: key 'finding.show': Nope, Gone are not columns of the query's result (it returns: Host, Count, At); list only those",
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runTestCase, sameValue } from '../../../src/cli/runTestCase.js';
import type { TestCase } from '../../../src/hunts/testCases.js';
import { shippedSchemas } from '../../../src/sources/schemaCatalog.js';
import { duration, makeHunt } from '../../support/hunt.js';

const hunt = makeHunt({
  name: 'Detections',
  query: 'DeviceEvents | where ActionType == "AntivirusDetection" | project Timestamp, DeviceName, FileName, FileOriginUrl',
  lookback: duration('P1D', 86_400_000),
  finding: { key: [], title: '' },
  exclusions: [{ name: 'safe-host', kind: 'domains', columns: [], values: ['safe.test'], origin: 'hunts/exclusions.yaml' }],
});

const detection = (device: string, url: string, at = '2026-11-20T10:00:00Z') => ({ Timestamp: at, DeviceName: device, ActionType: 'AntivirusDetection', FileName: 'a.exe', FileOriginUrl: url });

function testCase(c: Partial<TestCase>): TestCase {
  return { name: 'c', line: 1, exclusions: true, input: {}, expect: [], now: '2026-11-20T12:00:00Z', ...c };
}

describe('one test case', () => {
  it('passes when the findings are exactly those expected, keyed as the run keys them (here derived: no times)', async () => {
    const result = await runTestCase(hunt, testCase({
      input: { DeviceEvents: [detection('pc1', 'https://bad.test/a.exe'), detection('pc1', 'https://bad.test/a.exe', '2026-11-20T11:00:00Z'), detection('pc2', 'https://safe.test/a.exe')] },
      expect: [{ key: { DeviceName: 'pc1', FileName: 'a.exe', FileOriginUrl: 'https://bad.test/a.exe' }, columns: { Timestamp: '2026-11-20T10:00:00.000Z' } }],
      excluded: { 'safe-host': 1 },
    }), shippedSchemas());
    assert.deepEqual(result, { passed: true, problems: [] });
  });

  it('lists missing and unexpected findings by key, wrong columns and exclusion counts', async () => {
    const result = await runTestCase(hunt, testCase({
      input: { DeviceEvents: [detection('pc1', 'https://bad.test/a.exe'), detection('pc2', 'https://safe.test/a.exe')] },
      expect: [
        { key: { DeviceName: 'pc9', FileName: 'a.exe', FileOriginUrl: 'https://bad.test/a.exe' } },
        { key: { DeviceName: 'pc1' } },
      ],
      excluded: { 'safe-host': 2, nope: 1 },
    }), shippedSchemas());
    assert.equal(result.passed, false);
    assert.deepEqual(result.problems, [
      'key DeviceName=pc9, FileName=a.exe, FileOriginUrl=https://bad.test/a.exe: missing, the run did not find it',
      "key DeviceName=pc1: missing, the run did not find it (this hunt's key is DeviceName, FileName, FileOriginUrl: name every key column, no others)",
      'key DeviceName=pc1, FileName=a.exe, FileOriginUrl=https://bad.test/a.exe: unexpected finding "Detections: DeviceName=pc1, FileName=a.exe, FileOriginUrl=https://bad.test/a.exe"',
      'excluded: rule safe-host dropped 1 row(s), expected 2',
      'excluded: this hunt has no exclusion rule "nope" (it has safe-host)',
    ]);
  });

  it('runs raw with exclusions: false, and refuses rows the window would drop for want of a time', async () => {
    const raw = await runTestCase(hunt, testCase({
      exclusions: false,
      input: { DeviceEvents: [detection('pc2', 'https://safe.test/a.exe')] },
      expect: [{ key: { DeviceName: 'pc2', FileName: 'a.exe', FileOriginUrl: 'https://safe.test/a.exe' } }],
    }), shippedSchemas());
    assert.deepEqual(raw.problems, []);
    const untimed = await runTestCase(hunt, testCase({ input: { DeviceEvents: [{ DeviceName: 'pc1', ActionType: 'AntivirusDetection' }] }, expect: [] }), shippedSchemas());
    assert.deepEqual(untimed.problems, ["input.DeviceEvents[0] has no Timestamp (or TimeGenerated): the run's window would drop it; give it one"]);
  });

  it('compares a datetime with any ISO text of the same instant, and a KQL empty string with null', () => {
    const at = new Date('2026-11-20T10:00:00.123Z');
    assert.ok(sameValue('2026-11-20T10:00:00.1230000Z', at));
    assert.ok(sameValue('2026-11-20T11:00:00.123+01:00', at));
    assert.ok(!sameValue('2026-11-20T10:00:00Z', at));
    assert.ok(sameValue(null, ''));
    assert.ok(sameValue({ a: [1] }, { a: [1] }));
    assert.ok(!sameValue('1', 1));
  });
});

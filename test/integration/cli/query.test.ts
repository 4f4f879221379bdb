/** `hunts query` as a user runs it, over a folder of telemetry files. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { hunts } from '../../support/cli.js';
import { tempDir } from '../../support/tempDir.js';

let data: string;

before(() => {
  data = tempDir('cli-query-');
  const rows = [
    { Timestamp: '2026-11-20T10:00:00.1234567Z', DeviceName: 'ws-1', FileName: 'evil\u001b[31mred\nforged.exe', AdditionalFields: { ThreatName: 'Trojan:Win32/A' }, FileSize: 10 },
    { Timestamp: '2026-11-20T11:30:00Z', DeviceName: 'ws-2', FileName: 'a,"b".exe', AdditionalFields: { ThreatName: 'Trojan:Win32/B' }, FileSize: 20 },
  ];
  writeFileSync(join(data, 'DeviceEvents.ndjson'), rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
});

describe('hunts query', () => {
  it('--format json prints the columns and rows, datetimes as ISO text to the 100 ns tick, dynamic values as JSON', async () => {
    const ran = await hunts(['query', 'DeviceEvents | where FileSize > 5 | project Timestamp, DeviceName, FileName, AdditionalFields, FileSize | order by Timestamp asc', '--data', data, '--format', 'json']);
    assert.equal(ran.code, 0, ran.stderr);
    const out = JSON.parse(ran.stdout) as { columns: { name: string; type: string }[]; rows: unknown[][] };
    assert.deepEqual(out.columns, [
      { name: 'Timestamp', type: 'datetime' },
      { name: 'DeviceName', type: 'string' },
      { name: 'FileName', type: 'string' },
      { name: 'AdditionalFields', type: 'dynamic' },
      { name: 'FileSize', type: 'long' },
    ]);
    assert.equal(out.rows.length, 2);
    const [first] = out.rows;
    assert.equal(first[0], '2026-11-20T10:00:00.1234567Z', "Defender's seventh digit survives");
    assert.deepEqual(first.slice(1), ['ws-1', 'evil\u001b[31mred\nforged.exe', { ThreatName: 'Trojan:Win32/A' }, 10]);
    assert.ok(!ran.stdout.includes('\u001b'), 'JSON escapes the control characters');
  });

  it('the table format escapes telemetry for the terminal; ago() counts from the newest event in --data', async () => {
    // The newest event is 11:30, so only the 10:00 row is between two and one hours ago.
    const ran = await hunts(['query', 'DeviceEvents | where Timestamp > ago(2h) and Timestamp < ago(1h) | project DeviceName, FileName', '--data', data]);
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(ran.stdout, 'DeviceName  FileName\nws-1        evil\\x1b[31mred\\nforged.exe\n');
    assert.match(ran.stderr, /1 row\(s\)/);
  });

  it('runs over the good files when another is bad, with one warning naming its file, line and fix', async () => {
    const mixed = tempDir('cli-query-bad-');
    writeFileSync(join(mixed, 'DeviceEvents.ndjson'), '{"Timestamp":"2026-11-20T10:00:00Z","DeviceName":"ws-1"}\n');
    writeFileSync(join(mixed, 'SecurityEvent.ndjson'), '{"Account":"a"}\n{"Account":\u001b[31m\n');
    const ran = await hunts(['query', 'DeviceEvents | project DeviceName', '--data', mixed, '--format', 'csv']);
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(ran.stdout, 'DeviceName\r\nws-1\r\n');
    assert.match(ran.stderr, /^warning: .*SecurityEvent\.ndjson:2: not valid JSON .*fix or delete that line \(table 'SecurityEvent' set aside: only queries that read it fail\)\n/);
    assert.ok(!ran.stderr.includes('\u001b'), 'the bad line reaches the terminal escaped');
    const reads = await hunts(['query', 'SecurityEvent | count', '--data', mixed]);
    assert.equal(reads.code, 1);
    assert.match(reads.stderr, /\nerror: .*SecurityEvent\.ndjson:2: not valid JSON .*fix or delete that line\n$/);
  });

  it('names an unknown table with the tables the folder has, and a query without --data that reads one', async () => {
    const typo = await hunts(['query', 'DeviceEvent | take 1', '--data', data]);
    assert.equal(typo.code, 1);
    assert.match(typo.stderr, /^error: KQL: KS204 The name 'DeviceEvent' does not refer to any known table.*\(line 1, col 1\); .* has DeviceEvents \(did you mean DeviceEvents\?\)\n$/);
    const noData = await hunts(['query', 'DeviceEvents | take 1', '--format', 'csv']);
    assert.equal(noData.code, 1);
    assert.match(noData.stderr, /pass --data DIR, a folder of telemetry files/);
    assert.equal(noData.stdout, '');
  });
});

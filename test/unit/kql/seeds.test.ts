/**
 * Both seed hunts, verbatim, over tiny hand-made data. Expected rows are worked out by hand from
 * the KQL reference semantics (comments say why each row is in or out).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seedQuery } from '../../support/seeds.js';
import { names, run, sentinelTable } from './fixtures.js';

const at = (hhmm: string) => `2026-01-15T${hhmm}:00.0000000Z`;
const av = (url: string, file: string, device: string, threat: string, time: string, action = 'AntivirusDetection') => ({
  ActionType: action,
  FileOriginUrl: url,
  FileName: file,
  DeviceId: device,
  AdditionalFields: { ThreatName: threat },
  Timestamp: at(time),
});
const download = (file: string, url: string, device: string, time: string, sha1: string) => ({
  ActionType: 'FileCreated',
  FileName: file,
  FileOriginUrl: url,
  DeviceId: device,
  Timestamp: at(time),
  SHA1: sha1,
});

describe('seed: Pivot from detections to related downloads', () => {
  const common = Array.from({ length: 20 }, (_, i) =>
    download(`pkg${i}.zip`, `https://common.test/pkg${i}.zip`, `C${i}`, '10:00', `c${i}`),
  );
  const events = sentinelTable('DeviceEvents', [
    av('http://bad.test/a/one.exe', 'one.exe', 'D1', 'Trojan:Win32/A', '10:00'),
    av('https://bad.test/b/two.exe', 'two.exe', 'D2', 'Trojan:Win32/B', '10:05'),
    av('http://bad.test/a/one.exe', 'one.exe', 'D3', 'Trojan:Win32/A', '10:06'), // same file again: sets stay distinct
    av('http://pua.test/x.exe', 'x.exe', 'D1', 'pua:Win32/Bundle', '10:07'), // !startswith "PUA" is case-insensitive
    av('http://bundle.test/y.exe', 'y.exe', 'D1', 'SoftwareBundler:Win32/Z', '10:08'),
    av('about:internet', 'z.exe', 'D1', 'Trojan:Win32/C', '10:09'),
    av('http://bad.test/a/miss.exe', 'miss.exe', 'D1', 'Trojan:Win32/E', '10:10', 'FileCreated'), // not a detection
    av('', 'nourl.exe', 'D1', 'Trojan:Win32/F', '10:11'), // no origin URL
    av('http://other.test/evil.exe', 'evil.exe', 'D4', 'Trojan:Win32/D', '10:20'),
    av('http://two.test/d.exe', 'd.exe', 'D6', 'Backdoor:Win32/X', '10:00'),
    av('https://common.test/bad.zip', 'bad.zip', 'C0', 'Trojan:Win32/G', '09:00'),
  ]);
  const files = sentinelTable('DeviceFileEvents', [
    download('one.exe', 'http://bad.test/a/one.exe', 'D1', '09:59', 's1'), // detected on D1: leftanti drops it
    download('readme.pdf', 'https://bad.test/c/readme.pdf', 'D1', '10:30', 's2'),
    download('setup.msi', 'https://bad.test/c/setup.msi', 'D5', '11:00', 's3'), // newest on bad.test
    download('one.exe', 'http://bad.test/a/one.exe', 'D5', '10:40', 's4'), // same URL, not detected on D5
    download('evil.exe', 'http://other.test/evil.exe', 'D4', '10:19', 's5'), // detected: other.test has nothing left
    download('clean.exe', 'https://clean.test/clean.exe', 'D1', '10:00', 's6'), // host never served a detection
    download('nourl.exe', '', 'D1', '10:00', 's7'),
    download('e.exe', 'http://two.test/e.exe', 'D6', '10:10', 's9'),
    ...common, // 20 machines: MachineCount < 20 drops common.test
  ]);

  it('returns one row per host, hand-computed', () => {
    const r = run(seedQuery('pivot-detections-to-downloads'), events, files);
    assert.deepEqual(names(r), [
      'Host', 'MachineCount', 'DeviceId', 'FileName', 'DetectedFiles',
      'FileOriginUrl', 'DetectedUrl', 'ThreatNames', 'Timestamp', 'SHA1',
    ]);
    assert.equal(r.rows.length, 2);
    const [bad, two] = r.rows;
    // bad.test: readme.pdf (D1), setup.msi (D5), one.exe (D5) survive: 2 machines; newest is setup.msi.
    assert.deepEqual(
      { ...bad, DetectedFiles: [...(bad.DetectedFiles as string[])].sort(), ThreatNames: [...(bad.ThreatNames as string[])].sort() },
      {
        Host: 'bad.test',
        MachineCount: 2,
        DeviceId: 'D5',
        FileName: 'setup.msi',
        DetectedFiles: ['one.exe', 'two.exe'],
        FileOriginUrl: 'https://bad.test/c/setup.msi',
        DetectedUrl: bad.DetectedUrl, // any(): either detected URL
        ThreatNames: ['Trojan:Win32/A', 'Trojan:Win32/B'],
        Timestamp: new Date('2026-01-15T11:00:00Z'),
        SHA1: 's3',
      },
    );
    assert.ok(['http://bad.test/a/one.exe', 'https://bad.test/b/two.exe'].includes(bad.DetectedUrl as string));
    assert.deepEqual(two, {
      Host: 'two.test',
      MachineCount: 1,
      DeviceId: 'D6',
      FileName: 'e.exe',
      DetectedFiles: ['d.exe'],
      FileOriginUrl: 'http://two.test/e.exe',
      DetectedUrl: 'http://two.test/d.exe',
      ThreatNames: ['Backdoor:Win32/X'],
      Timestamp: new Date('2026-01-15T10:10:00Z'),
      SHA1: 's9',
    });
  });
});

describe('seed: AV Detections with Source', () => {
  const detection = (md5: string, device: string, fields: unknown, file: string, time: string, action = 'AntivirusDetection') => ({
    ActionType: action,
    MD5: md5,
    DeviceName: device,
    AdditionalFields: fields,
    FileName: file,
    FolderPath: `C:\\Users\\u\\Downloads\\${file}`,
    Timestamp: at(time),
  });
  const creation = (md5: string, url: string, referrer: string, process: string, parent: string) => ({
    ActionType: 'FileCreated',
    MD5: md5,
    FileOriginUrl: url,
    FileOriginReferrerUrl: referrer,
    InitiatingProcessFileName: process,
    InitiatingProcessParentFileName: parent,
  });
  const events = sentinelTable('DeviceEvents', [
    detection('m1', 'pc1', { ThreatName: 'T1' }, 'f1.exe', '10:00'),
    detection('m2', 'pc2', '{"ThreatName":"T2"}', 'f2.exe', '11:00'), // dynamic given as JSON text
    detection('', 'pc9', { ThreatName: 'T9' }, 'nomd5.exe', '12:00'), // no MD5
    detection('m1', 'pc8', { ThreatName: 'T8' }, 'f1.exe', '12:00', 'FileCreated'), // not a detection
    detection('m3', 'pc3', null, 'f3.exe', '09:00'), // no file creation with m3
  ]);
  const files = sentinelTable('DeviceFileEvents', [
    creation('m1', 'http://a.test/f1.exe', '', 'chrome.exe', 'explorer.exe'),
    creation('m1', '', 'http://ref.test/', 'msedge.exe', 'explorer.exe'),
    creation('m2', 'http://b.test/f2.exe', 'http://ref.test/b', 'chrome.exe', 'explorer.exe'),
    creation('m2', '', '', 'chrome.exe', 'explorer.exe'), // neither URL
    creation('', 'http://x.test/', '', 'chrome.exe', 'explorer.exe'), // no MD5
  ]);

  it('joins each detection to every file creation with the same MD5 (kind=inner), newest first', () => {
    const r = run(seedQuery('av-detections-with-source'), events, files);
    assert.deepEqual(names(r), [
      'Timestamp', 'DeviceName', 'ThreatName', 'FileName', 'FolderPath', 'MD5',
      'FileOriginUrl', 'FileOriginReferrerUrl', 'InitiatingProcessFileName', 'InitiatingProcessParentFileName',
    ]);
    const row = (time: string, device: string, threat: string, file: string, md5: string, url: string, ref: string, proc: string) => ({
      Timestamp: new Date(`2026-01-15T${time}:00Z`),
      DeviceName: device,
      ThreatName: threat,
      FileName: file,
      FolderPath: `C:\\Users\\u\\Downloads\\${file}`,
      MD5: md5,
      FileOriginUrl: url,
      FileOriginReferrerUrl: ref,
      InitiatingProcessFileName: proc,
      InitiatingProcessParentFileName: 'explorer.exe',
    });
    assert.equal(r.rows.length, 3);
    assert.deepEqual(r.rows[0], row('11:00', 'pc2', 'T2', 'f2.exe', 'm2', 'http://b.test/f2.exe', 'http://ref.test/b', 'chrome.exe'));
    // The two m1 rows tie on Timestamp: their order is unspecified.
    const rest = r.rows.slice(1).sort((a, b) => String(a.FileOriginUrl).localeCompare(String(b.FileOriginUrl)));
    assert.deepEqual(rest, [
      row('10:00', 'pc1', 'T1', 'f1.exe', 'm1', '', 'http://ref.test/', 'msedge.exe'),
      row('10:00', 'pc1', 'T1', 'f1.exe', 'm1', 'http://a.test/f1.exe', '', 'chrome.exe'),
    ]);
  });
});

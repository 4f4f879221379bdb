/**
 * Both shipped hunts on the bundled samples/, through the whole pipeline: the embedded engine, the
 * exclusions, findings and dedup in a real Azurite. Every expected value below was worked out by hand
 * from samples/ (see the comments in each case), not taken from a run.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadHunts } from '../../../src/hunts/load.js';
import type { Hunt } from '../../../src/hunts/hunt.js';
import { runHunt, type HuntRunReport } from '../../../src/run/runHunt.js';
import { LocalSource } from '../../../src/sources/local.js';
import { createTestStore, withAzurite, type TestAzurite } from '../../support/azurite.js';
import { ROOT } from '../../support/seeds.js';

const T0 = new Date('2026-11-20T11:45:00Z');
const { hunts } = loadHunts(join(ROOT, 'hunts'));
const pivot = hunts.find((h) => h.slug === 'pivot-detections-to-downloads') as Hunt;
const av = hunts.find((h) => h.slug === 'av-detections-with-source') as Hunt;

let azurite: TestAzurite;
const source = new LocalSource(join(ROOT, 'samples'));

before(async () => {
  azurite = await withAzurite();
});
after(() => azurite.stop());

async function run(hunt: Hunt, options: { exclusions?: boolean } = {}, store?: Awaited<ReturnType<typeof createTestStore>>): Promise<HuntRunReport> {
  return runHunt(hunt, { source, store: store ?? (await createTestStore(azurite)), notifiers: [], now: () => T0, applyExclusions: options.exclusions ?? true });
}

const keys = (r: HuntRunReport) => r.findings.map((f) => f.finding.key);

describe('the local clock', () => {
  it('is the newest event in the samples', async () => {
    assert.deepEqual(await source.newestEventTime(), T0);
  });
});

describe('Pivot from detections to related downloads, on samples/', () => {
  it('finds exactly the two hosts that served detected files and other, undetected ones', async () => {
    const r = await run(pivot);
    assert.equal(r.status, 'succeeded', r.reason);
    assert.deepEqual(r.window, { start: new Date('2026-11-19T11:45:00Z'), end: T0 });
    // 9 hosts survive the hunt's own filters (PUA/pua, SoftwareBundler, about:internet, all-detected,
    // 20-device and 3-day-old hosts drop out in KQL); the exclusions drop 7 of them.
    assert.equal(r.rows, 9);
    assert.deepEqual(keys(r), [{ Host: 'cdn.badfiles.test' }, { Host: 'dl.payload-drop.test' }]);

    const cdn = r.findings[0].finding.row;
    // WS-FIN-01's invoice.exe download was itself detected (leftanti drops it); WS-ENG-12 (two files)
    // and WS-OPS-03 remain: two devices, the newest being WS-OPS-03's readme.pdf an hour before T0.
    assert.equal(cdn.MachineCount, 2);
    assert.equal(cdn.DeviceId, '2b16c9ed5f2806245b06ffe634ed2d3e1b5c8763');
    assert.equal(cdn.FileName, 'readme.pdf');
    assert.equal(cdn.FileOriginUrl, 'https://cdn.badfiles.test/c/readme.pdf');
    assert.equal(cdn.SHA1, 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3');
    assert.equal((cdn.Timestamp as Date).toISOString().slice(0, 19), '2026-11-20T10:45:00');
    // any() picks either detected URL; makeset order is unspecified.
    assert.ok(['http://cdn.badfiles.test/a/invoice.exe', 'http://cdn.badfiles.test/a/invoice_2.exe'].includes(cdn.DetectedUrl as string));
    assert.deepEqual([...(cdn.DetectedFiles as string[])].sort(), ['invoice.exe', 'invoice_2.exe']);
    assert.deepEqual([...(cdn.ThreatNames as string[])].sort(), ['Trojan:Win32/Emotet.A!ml', 'Trojan:Win32/Emotet.B']);
    assert.deepEqual(Object.keys(cdn), ['Host', 'MachineCount', 'DeviceId', 'FileName', 'DetectedFiles', 'FileOriginUrl', 'DetectedUrl', 'ThreatNames', 'Timestamp', 'SHA1']);

    const drop = r.findings[1].finding;
    assert.equal(drop.row.MachineCount, 1);
    assert.equal(drop.row.FileName, '[click here](https://dl.payload-drop.test/x) _invoice_.dll');
    assert.equal(drop.title, 'Undetected downloads from dl.payload-drop.test, a site that served detected files (1 device)');
    assert.equal(drop.severity, 'High');
  });

  it('reports the rows each exclusion dropped', async () => {
    const r = await run(pivot);
    assert.equal(r.excluded, 7);
    const dropped = Object.fromEntries(Object.entries(r.excludedByRule).filter(([, n]) => n > 0));
    assert.deepEqual(dropped, {
      'microsoft-update-hosts': 1, // download.microsoft.com
      'package-registries': 1, // registry.npmjs.org
      'official-tool-sites': 1, // www.7-zip.org
      'internal-networks': 1, // 10.20.30.40
      'internal-domains': 1, // repo.build.internal.corp
      'known-good-hashes': 1, // tools.vendor.test, its example file's SHA1
      'update-file-names': 1, // patches.vendor.test, Windows10Update.exe
    });
  });

  it('shows what the exclusions hide with --no-exclusions', async () => {
    const r = await run(pivot, { exclusions: false });
    assert.equal(r.excluded, 0);
    assert.deepEqual(r.findings.map((f) => f.finding.key.Host).sort(), [
      '10.20.30.40',
      'cdn.badfiles.test',
      'dl.payload-drop.test',
      'download.microsoft.com',
      'patches.vendor.test',
      'registry.npmjs.org',
      'repo.build.internal.corp',
      'tools.vendor.test',
      'www.7-zip.org',
    ]);
  });
});

describe('AV Detections with Source, on samples/', () => {
  it('finds each detected file on a device with the URL it came from', async () => {
    const r = await run(av);
    assert.equal(r.status, 'succeeded', r.reason);
    assert.deepEqual(r.window, { start: new Date('2026-11-20T05:45:00Z'), end: T0 });
    // 7 rows survive exclusions: chrome_update.exe was created twice from one URL (2 rows, 1 finding).
    assert.equal(r.rows, 16);
    assert.equal(r.excluded, 9);
    // Sorted by detection time, newest first. payroll.docm was detected on two devices and created
    // once: kind=inner keeps both detections (innerunique would keep one).
    assert.deepEqual(keys(r), [
      { DeviceName: 'ws-eng-15.contoso.test', MD5: 'ceb465829ed520db809a3d4fca99d543', FileOriginUrl: '' },
      { DeviceName: 'ws-ops-03.contoso.test', MD5: '546e01237aac29ea3784b69ad70971b9', FileOriginUrl: 'https://downloads.fakeupdates.test/chrome_update.exe' },
      { DeviceName: 'ws-eng-12.contoso.test', MD5: 'e768b902b71fc66bda5dd275276734ec', FileOriginUrl: 'https://share.files-drop.test/payroll.docm' },
      { DeviceName: 'ws-hr-07.contoso.test', MD5: 'e768b902b71fc66bda5dd275276734ec', FileOriginUrl: 'https://share.files-drop.test/payroll.docm' },
      { DeviceName: 'ws-fin-01.contoso.test', MD5: 'bb2dd98da18bec4351b7e26c5bc80c10', FileOriginUrl: 'http://single.badhost.test/only.exe' },
      { DeviceName: 'ws-fin-01.contoso.test', MD5: '815fc2940fb1e487c64694b60afec146', FileOriginUrl: 'http://cdn.badfiles.test/a/invoice.exe' },
    ]);
    const first = r.findings[0].finding;
    assert.equal(first.row.FileOriginReferrerUrl, 'https://forum.badsite.test/thread/42');
    assert.equal(first.title, 'Trojan:Win32/AgentTesla!ml on ws-eng-15.contoso.test: attachment.exe');
    // MD51 was projected away; the columns are the detection's, then the file creation's.
    assert.deepEqual(Object.keys(first.row), ['Timestamp', 'DeviceName', 'ThreatName', 'FileName', 'FolderPath', 'MD5', 'FileOriginUrl', 'FileOriginReferrerUrl', 'InitiatingProcessFileName', 'InitiatingProcessParentFileName']);
  });

  it('reports the rows each exclusion dropped, and finds them all raw', async () => {
    const r = await run(av);
    const dropped = Object.fromEntries(Object.entries(r.excludedByRule).filter(([, n]) => n > 0));
    assert.deepEqual(dropped, {
      'microsoft-update-hosts': 1, // update.microsoft.com
      'internal-networks': 1, // 192.168.10.5
      'ci-cd-processes': 1, // Runner.Worker.exe
      'known-good-hashes': 1, // MD5 0c1d…f1
      'scheduled-scan-processes': 2, // MsMpEng.exe, and clamscan as the parent process
      'security-and-log-tool-domains': 2, // www.maltego.com, and a download referred by www.splunk.com
      'internal-artifact-repositories': 1, // artifactory.example.com
    });
    const raw = await run(av, { exclusions: false });
    assert.equal(raw.findings.length, 15);
  });
});

describe('deduplication across runs', () => {
  it('reports every finding as already known on the second run', async () => {
    const store = await createTestStore(azurite);
    const first = await run(pivot, {}, store);
    assert.deepEqual([first.newCount, first.seenCount], [2, 0]);
    const second = await run(pivot, {}, store);
    assert.deepEqual([second.newCount, second.seenCount], [0, 2]);
    assert.deepEqual(
      second.findings.map((f) => [f.status, f.timesSeen]),
      [
        ['seen', 2],
        ['seen', 2],
      ],
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyExclusions, hostOf } from '../../../src/findings/exclusions.js';
import type { ExclusionKind, ExclusionRule } from '../../../src/hunts/hunt.js';
import type { Row } from '../../../src/sources/querySource.js';

function rule(kind: ExclusionKind, values: string[], columns: string[] = []): ExclusionRule {
  return { name: `r-${kind}`, kind, values, columns, origin: 'test' };
}

/** Which of `values` (put in `column`) the rule excludes. */
function excludedBy(r: ExclusionRule, column: string, values: unknown[]): unknown[] {
  const rows: Row[] = values.map((v) => ({ [column]: v }));
  const { kept } = applyExclusions(rows, [{ name: column, type: 'string' }], [r]);
  return values.filter((_, i) => !kept.includes(rows[i]));
}

describe('hostOf', () => {
  it('takes the host of URLs and of bare hosts', () => {
    assert.equal(hostOf('https://User:pw@Download.Microsoft.COM:443/x?y#z'), 'download.microsoft.com');
    assert.equal(hostOf('download.microsoft.com.'), 'download.microsoft.com');
    assert.equal(hostOf('10.1.2.3:8080/path'), '10.1.2.3');
    assert.equal(hostOf('http://[fd00::1]/x'), 'fd00::1');
    assert.equal(hostOf('fd00::1'), 'fd00::1');
  });
});

describe('exclusion kinds', () => {
  it('domains: exact and *.suffix on the parsed host, never on the path', () => {
    const r = rule('domains', ['download.microsoft.com', '*.windowsupdate.com'], ['Url']);
    assert.deepEqual(
      excludedBy(r, 'Url', [
        'https://download.microsoft.com/a.exe',
        'https://DOWNLOAD.microsoft.com./b',
        'download.microsoft.com',
        'http://au.download.windowsupdate.com/c',
        'http://windowsupdate.com/apex-needs-its-own-entry',
        'http://evil.test/download.microsoft.com/a.exe',
        'http://download.microsoft.com.evil.test/a.exe',
        'http://notwindowsupdate.com/x',
      ]),
      ['https://download.microsoft.com/a.exe', 'https://DOWNLOAD.microsoft.com./b', 'download.microsoft.com', 'http://au.download.windowsupdate.com/c'],
    );
  });

  it('domainSuffixes: the domain and everything under it, at a label boundary', () => {
    const r = rule('domainSuffixes', ['internal.corp'], ['Url']);
    assert.deepEqual(excludedBy(r, 'Url', ['https://repo.build.internal.corp/x', 'internal.corp', 'https://evilinternal.corp/x', 'https://internal.corp.evil.test/']), [
      'https://repo.build.internal.corp/x',
      'internal.corp',
    ]);
  });

  it('cidrs: URLs whose host is an IP in range, and bare IPs (v4 and v6)', () => {
    const r = rule('cidrs', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fd00::/8'], ['Url']);
    assert.deepEqual(
      excludedBy(r, 'Url', ['http://10.20.30.40/tools/a.ps1', '172.31.255.255', '172.32.0.1', 'http://192.168.1.1:8080/', 'http://[fd12::5]/x', 'http://11.0.0.1/', 'http://10.evil.test/']),
      ['http://10.20.30.40/tools/a.ps1', '172.31.255.255', 'http://192.168.1.1:8080/', 'http://[fd12::5]/x'],
    );
  });

  it('hashes: MD5, SHA1 and SHA256, case-insensitive', () => {
    const md5 = '0c1d2e3f405162738495a6b7c8d9e0f1';
    const sha256 = 'ab'.repeat(32);
    const r = rule('hashes', [md5.toUpperCase(), sha256], ['H']);
    assert.deepEqual(excludedBy(r, 'H', [md5, sha256.toUpperCase(), md5.slice(0, 31) + '0']), [md5, sha256.toUpperCase()]);
  });

  it('processNames: case-insensitive, path or bare name', () => {
    const r = rule('processNames', ['MsMpEng.exe', 'clamscan'], ['P']);
    assert.deepEqual(excludedBy(r, 'P', ['msmpeng.exe', 'C:\\ProgramData\\Microsoft\\Windows Defender\\MsMpEng.exe', '/usr/bin/clamscan', 'MsMpEng.exe.evil', 'clamscan.sh']), [
      'msmpeng.exe',
      'C:\\ProgramData\\Microsoft\\Windows Defender\\MsMpEng.exe',
      '/usr/bin/clamscan',
    ]);
  });

  it('fileNames: globs on the base name, case-insensitive', () => {
    const r = rule('fileNames', ['Windows10Update*.exe'], ['F']);
    assert.deepEqual(excludedBy(r, 'F', ['Windows10Update.exe', 'windows10update-kb1.EXE', 'C:\\x\\Windows10Update.exe', 'Windows10Update.exe.js', 'Win10Update.exe']), [
      'Windows10Update.exe',
      'windows10update-kb1.EXE',
      'C:\\x\\Windows10Update.exe',
    ]);
  });

  it('match any element of an array column (makeset results)', () => {
    const r = rule('fileNames', ['*.msu'], ['Files']);
    assert.deepEqual(excludedBy(r, 'Files', [['a.exe', 'kb1.msu'], ['a.exe'], 'x.msu', null, 42]), [['a.exe', 'kb1.msu'], 'x.msu']);
  });
});

describe('applyExclusions', () => {
  it('counts rows per rule (first match wins), lists rules with no column here, and uses default columns', () => {
    const rules: ExclusionRule[] = [
      { ...rule('domains', ['download.microsoft.com']), name: 'ms' },
      { ...rule('cidrs', ['10.0.0.0/8']), name: 'internal' },
      { ...rule('processNames', ['MsMpEng.exe']), name: 'defender' },
    ];
    const rows: Row[] = [
      { Host: 'download.microsoft.com', FileOriginUrl: 'http://10.0.0.1/x' },
      { Host: '10.1.1.1', FileOriginUrl: 'http://10.1.1.1/y' },
      { Host: 'evil.test', FileOriginUrl: 'https://evil.test/z' },
    ];
    const out = applyExclusions(rows, [{ name: 'Host', type: 'string' }, { name: 'FileOriginUrl', type: 'string' }], rules);
    assert.deepEqual(out.kept, [rows[2]]);
    assert.equal(out.excluded, 2);
    assert.deepEqual(out.byRule, { ms: 1, internal: 1 });
    assert.deepEqual(out.inapplicable, ['defender']);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveKeyColumns, isIdentityColumn, resolveKeyColumns } from '../../../src/findings/keyColumns.js';
import type { ResultColumn } from '../../../src/sources/querySource.js';

const s = (name: string): ResultColumn => ({ name, type: 'string' });

describe('identity-like columns', () => {
  it('are the names Defender and Sentinel give devices, accounts, IPs, URLs, hashes and processes', () => {
    const names = [
      'DeviceName', 'DeviceId', 'Computer', 'HostName', 'Host', 'RemoteDeviceName',
      'AccountName', 'AccountUpn', 'AccountSid', 'InitiatingProcessAccountName', 'UserPrincipalName', 'UserId', 'TargetUserName', 'Caller', 'SenderFromAddress', 'RecipientEmailAddress',
      'RemoteIP', 'IPAddress', 'LocalIP', 'FileOriginIP', 'SrcIpAddr', 'ClientIP',
      'RemoteUrl', 'FileOriginUrl', 'Url', 'RequestUri', 'DomainName',
      'MD5', 'SHA1', 'SHA256', 'InitiatingProcessSHA256', 'FileHash',
      'FileName', 'InitiatingProcessFileName', 'ProcessCommandLine', 'FolderPath', 'Process', 'NewProcessName',
    ];
    for (const name of names) assert.ok(isIdentityColumn(s(name)), name);
  });

  it('are not counts, times, report ids, action types or free text', () => {
    for (const name of ['ActionType', 'ReportId', 'AdditionalFields', 'ThreatName', 'Tooltip', 'UserAgent', 'Zip', 'count_', 'InitiatingProcessVersionInfoCompanyName']) {
      assert.ok(!isIdentityColumn(s(name)), name);
    }
    assert.ok(!isIdentityColumn({ name: 'DeviceName', type: 'dynamic' }), 'a set of device names changes order and size');
    assert.ok(!isIdentityColumn({ name: 'InitiatingProcessId', type: 'long' }));
  });
});

describe('the derived key', () => {
  it('takes the identity-like columns in result order', () => {
    const columns: ResultColumn[] = [
      { name: 'Timestamp', type: 'datetime' },
      s('DeviceName'),
      s('ActionType'),
      s('SHA256'),
      { name: 'ReportId', type: 'long' },
      s('RemoteUrl'),
    ];
    assert.deepEqual(deriveKeyColumns(columns), ['DeviceName', 'SHA256', 'RemoteUrl']);
  });

  it("leaves out the acting process's and the previous file's columns when the subject has columns of that kind", () => {
    const columns = ['DeviceName', 'FileName', 'SHA256', 'InitiatingProcessFileName', 'InitiatingProcessSHA256', 'PreviousFileName', 'InitiatingProcessAccountName', 'RequestSourceIP'].map(s);
    assert.deepEqual(deriveKeyColumns(columns), ['DeviceName', 'FileName', 'SHA256', 'InitiatingProcessAccountName', 'RequestSourceIP']);
    // DeviceNetworkEvents: the process that connected is the only process there is.
    assert.deepEqual(deriveKeyColumns(['DeviceName', 'RemoteIP', 'RemoteUrl', 'InitiatingProcessFileName'].map(s)), ['DeviceName', 'RemoteIP', 'RemoteUrl', 'InitiatingProcessFileName']);
  });

  it('falls back to the text columns, then to anything but times; never a datetime or timespan', () => {
    assert.deepEqual(deriveKeyColumns([s('ActionType'), { name: 'count_', type: 'long' }, { name: 'TimeGenerated', type: 'datetime' }]), ['ActionType']);
    assert.deepEqual(
      deriveKeyColumns([{ name: 'count_', type: 'long' }, { name: 'Duration', type: 'timespan' }, { name: 'Timestamp', type: 'datetime' }]),
      ['count_'],
    );
    assert.deepEqual(deriveKeyColumns([{ name: 'Timestamp', type: 'datetime' }]), []);
  });

  it('is used only when the hunt names no key', () => {
    const columns = [s('DeviceName'), s('Host')];
    assert.deepEqual(resolveKeyColumns({ key: ['Host'], keySource: 'finding.key', title: '', severity: 'Low', renotifyAfter: null }, columns), { columns: ['Host'], source: 'finding.key' });
    assert.deepEqual(resolveKeyColumns({ key: ['DeviceName'], keySource: 'entityMappings', title: '', severity: 'Low', renotifyAfter: null }, columns), { columns: ['DeviceName'], source: 'entityMappings' });
    assert.deepEqual(resolveKeyColumns({ key: [], keySource: 'derived from columns', title: '', severity: 'Low', renotifyAfter: null }, columns), {
      columns: ['DeviceName', 'Host'],
      source: 'derived from columns',
    });
  });
});

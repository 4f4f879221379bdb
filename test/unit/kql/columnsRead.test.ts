import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { columnsReadBy, prepare, type ColumnsRead } from '../../../src/kql/index.js';
import { seedQuery } from '../../support/seeds.js';

const schemas = {
  Events: [
    { name: 'Timestamp', type: 'datetime' },
    { name: 'Device', type: 'string' },
    { name: 'Url', type: 'string' },
    { name: 'Hash', type: 'string' },
    { name: 'Bag', type: 'dynamic' },
    { name: 'Size', type: 'long' },
  ],
  Files: [
    { name: 'Timestamp', type: 'datetime' },
    { name: 'Device', type: 'string' },
    { name: 'Hash', type: 'string' },
    { name: 'Path', type: 'string' },
    { name: 'Size', type: 'long' },
  ],
  Other: [{ name: 'X', type: 'string' }],
};

/** columnsRead as plain data: table → sorted column names or 'all'. */
function reads(kql: string): Record<string, string[] | 'all'> | 'all' {
  const read: ColumnsRead = prepareOrBind(kql);
  if (read === 'all') return 'all';
  return Object.fromEntries([...read].map(([t, cols]) => [t, cols === 'all' ? 'all' : [...cols].sort()]));
}

function prepareOrBind(kql: string): ColumnsRead {
  return columnsReadBy(kql, schemas);
}

describe('columnsRead', () => {
  it('lists only the columns a filter and projection name, and only the tables the query names', () => {
    assert.deepEqual(reads('Events | where Size > 10 | project Device'), { Events: ['Device', 'Size'] });
  });

  it('counts what reaches the result unnamed: a bare table, project-away, a sort', () => {
    assert.deepEqual(reads('Files'), { Files: ['Device', 'Hash', 'Path', 'Size', 'Timestamp'] });
    assert.deepEqual(reads('Files | project-away Path, Size | sort by Timestamp'), { Files: ['Device', 'Hash', 'Timestamp'] });
  });

  it('tells same-named columns of two tables apart', () => {
    assert.deepEqual(reads('Events | project Device, Hash | join kind=inner (Files | project Hash, Path) on Hash'), {
      Events: ['Device', 'Hash'],
      Files: ['Hash', 'Path'],
    });
  });

  it('follows renamed columns back to their sources: a projection, a join key, a join collision', () => {
    assert.deepEqual(reads('Events | project D = Device'), { Events: ['Device'] });
    assert.deepEqual(reads('Events | project Hash, Size | join kind=inner (Files | project Hash, Size) on Hash | project Size1'), {
      Events: ['Hash', 'Size'],
      Files: ['Hash', 'Size'],
    });
  });

  it('reads every column behind a star: arg_max(x, *), take_any(*)', () => {
    assert.deepEqual(reads('Events | summarize arg_max(Timestamp, *) by Device | project Device'), {
      Events: ['Bag', 'Device', 'Hash', 'Size', 'Timestamp', 'Url'],
    });
  });

  it('reads whole tables for constructs whose reads are not visible (pack_all, evaluate, let functions)', () => {
    assert.deepEqual(reads('Events | project Device | extend B = pack_all() | project B'), { Events: 'all' });
    assert.deepEqual(reads('Events | evaluate bag_unpack(Bag) | project Device'), { Events: 'all' });
    assert.deepEqual(reads('let f = (t:(Device:string)) { t | project Device }; Events | invoke f()'), { Events: 'all' });
  });

  it('gives up on tables named in strings', () => {
    assert.equal(prepareOrBind('table("Events") | project Device'), 'all');
  });

  it('reads by name through union, also for wildcard table names', () => {
    assert.deepEqual(reads('union Events, Files | where Size > 1 | project Device'), { Events: ['Device', 'Size'], Files: ['Device', 'Size'] });
    assert.deepEqual(reads('union Ev* | project Device'), { Events: ['Device'] });
  });

  it('reads nothing of a table only counted', () => {
    assert.deepEqual(reads('Events | count'), { Events: [] });
  });

  it('gives the seed hunts exactly the columns they use', () => {
    const seeds = {
      DeviceEvents: [
        { name: 'Timestamp', type: 'datetime' },
        { name: 'ActionType', type: 'string' },
        { name: 'FileOriginUrl', type: 'string' },
        { name: 'FileName', type: 'string' },
        { name: 'DeviceId', type: 'string' },
        { name: 'DeviceName', type: 'string' },
        { name: 'AdditionalFields', type: 'dynamic' },
        { name: 'MD5', type: 'string' },
        { name: 'FolderPath', type: 'string' },
        { name: 'SHA256', type: 'string' },
      ],
      DeviceFileEvents: [
        { name: 'Timestamp', type: 'datetime' },
        { name: 'FileName', type: 'string' },
        { name: 'FileOriginUrl', type: 'string' },
        { name: 'FileOriginReferrerUrl', type: 'string' },
        { name: 'DeviceId', type: 'string' },
        { name: 'SHA1', type: 'string' },
        { name: 'MD5', type: 'string' },
        { name: 'InitiatingProcessFileName', type: 'string' },
        { name: 'InitiatingProcessParentFileName', type: 'string' },
        { name: 'FolderPath', type: 'string' },
        { name: 'FileSize', type: 'long' },
      ],
    };
    const read = (name: string) => {
      const r = prepare(seedQuery(name), seeds).columnsRead;
      assert.notEqual(r, 'all');
      return Object.fromEntries([...(r as Exclude<ColumnsRead, 'all'>)].map(([t, cols]) => [t, cols === 'all' ? 'all' : [...cols].sort()]));
    };
    assert.deepEqual(read('pivot-detections-to-downloads'), {
      DeviceEvents: ['ActionType', 'AdditionalFields', 'DeviceId', 'FileName', 'FileOriginUrl', 'Timestamp'],
      DeviceFileEvents: ['DeviceId', 'FileName', 'FileOriginUrl', 'SHA1', 'Timestamp'],
    });
    assert.deepEqual(read('av-detections-with-source'), {
      DeviceEvents: ['ActionType', 'AdditionalFields', 'DeviceName', 'FileName', 'FolderPath', 'MD5', 'Timestamp'],
      DeviceFileEvents: ['FileOriginReferrerUrl', 'FileOriginUrl', 'InitiatingProcessFileName', 'InitiatingProcessParentFileName', 'MD5'],
    });
  });
});

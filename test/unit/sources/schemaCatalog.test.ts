/** The shipped schemas, and how users add or override them without editing src/. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { check } from '../../../src/kql/index.js';
import { LocalSource } from '../../../src/sources/local.js';
import { loadSchemaCatalog, SHIPPED_SCHEMA_DIR, shippedSchemas } from '../../../src/sources/schemaCatalog.js';
import { formatSchemaError } from '../../../src/sources/schemaFile.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'schemas-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const schema = (name: string, columns: Record<string, string>) =>
  JSON.stringify({ Name: name, Properties: Object.entries(columns).map(([Name, Type]) => ({ Name, Type })) });

const DEFENDER = [
  'DeviceEvents', 'DeviceFileEvents', 'DeviceProcessEvents', 'DeviceNetworkEvents', 'DeviceRegistryEvents', 'DeviceLogonEvents',
  'DeviceImageLoadEvents', 'DeviceInfo', 'DeviceNetworkInfo', 'DeviceFileCertificateInfo',
  'DeviceTvmSoftwareInventory', 'DeviceTvmSoftwareVulnerabilities', 'DeviceTvmSoftwareVulnerabilitiesKB',
  'DeviceTvmSecureConfigurationAssessment', 'DeviceTvmSecureConfigurationAssessmentKB', 'DeviceTvmInfoGathering',
  'DeviceTvmInfoGatheringKB', 'DeviceTvmSoftwareEvidenceBeta', 'DeviceTvmCertificateInfo', 'DeviceTvmBrowserExtensions',
  'DeviceTvmBrowserExtensionsKB', 'DeviceTvmHardwareFirmware',
  'EmailEvents', 'EmailAttachmentInfo', 'EmailUrlInfo', 'EmailPostDeliveryEvents',
  'IdentityLogonEvents', 'IdentityQueryEvents', 'IdentityDirectoryEvents', 'IdentityInfo',
  'AlertInfo', 'AlertEvidence', 'CloudAppEvents', 'UrlClickEvents', 'BehaviorInfo', 'BehaviorEntities',
];
/** Defender tables the Azure Monitor reference lists: streamed into the workspace, so they get its columns. */
const STREAMED = DEFENDER.filter((t) => !/^DeviceTvm(InfoGathering|SoftwareEvidence|Certificate|Browser|Hardware)|^Behavior/.test(t));
const SENTINEL = ['SecurityEvent', 'SigninLogs', 'AuditLogs', 'OfficeActivity', 'CommonSecurityLog', 'Syslog', 'AzureActivity', 'ThreatIntelligenceIndicator'];

describe('the shipped schemas', () => {
  const catalog = shippedSchemas();

  it('cover every Defender XDR advanced-hunting table and the Sentinel tables hunts join', () => {
    const missing = [...DEFENDER, ...SENTINEL].filter((t) => !catalog.get(t));
    assert.deepEqual(missing, []);
  });

  it('are one file per table, named after it', () => {
    for (const file of readdirSync(SHIPPED_SCHEMA_DIR).filter((f) => f.endsWith('.json'))) {
      assert.equal(JSON.parse(readFileSync(join(SHIPPED_SCHEMA_DIR, file), 'utf8')).Name, file.slice(0, -'.json'.length), file);
    }
  });

  it('every table binds: `T | take 1` checks with no error and runs locally', () => {
    const schemas = catalog.schemas();
    for (const table of catalog.tables()) {
      const result = check(`${table} | take 1`, schemas);
      assert.deepEqual(result.errors, [], table);
      assert.equal(result.unsupportedLocally, null, table);
    }
  });

  it('have the columns the workspace adds; streamed Defender tables keep Timestamp and get TimeGenerated', () => {
    const has = (table: string, column: string, type: string) => assert.equal(catalog.columns(table)!.find((c) => c.name === column)?.type, type, `${table}.${column}`);
    for (const table of [...STREAMED, ...SENTINEL]) {
      for (const [column, type] of [['TimeGenerated', 'datetime'], ['Type', 'string'], ['TenantId', 'string'], ['_ResourceId', 'string'], ['_SubscriptionId', 'string'], ['_IsBillable', 'string'], ['_BilledSize', 'real']]) {
        has(table, column, type);
      }
    }
    for (const table of DEFENDER.filter((t) => !/^DeviceTvm|KB$/.test(t) || t === 'DeviceTvmInfoGathering')) has(table, 'Timestamp', 'datetime');
  });

  it('carry the types the workspace uses where the two references differ', () => {
    const type = (table: string, column: string) => catalog.columns(table)!.find((c) => c.name === column)?.type;
    assert.equal(type('DeviceProcessEvents', 'AdditionalFields'), 'dynamic', 'advanced hunting documents string; Log Analytics has dynamic');
    assert.equal(type('DeviceNetworkEvents', 'RemotePort'), 'int');
    assert.equal(type('DeviceProcessEvents', 'IsProcessRemoteSession'), 'bool');
    assert.equal(type('SigninLogs', 'LocationDetails'), 'dynamic');
    assert.equal(type('SecurityEvent', 'EventID'), 'int');
  });
});

describe('a SchemaCatalog', () => {
  const hunts = folder({
    'schemas/DeviceEvents.json': schema('DeviceEvents', { Timestamp: 'DateTime', DeviceName: 'String', Extra: 'Int64' }),
    'schemas/MyTable_CL.json': schema('MyTable_CL', { TimeGenerated: 'datetime', Host: 'string', Count: 'long' }),
    'schemas/README.md': 'not a schema',
  });
  const option = folder({
    'MyTable_CL.json': schema('MyTable_CL', { TimeGenerated: 'datetime', Host: 'string', Count: 'real', Flag: 'bool' }),
  });

  it('has the shipped schemas alone when given nothing', () => {
    const { catalog, errors } = loadSchemaCatalog();
    assert.deepEqual(errors, []);
    assert.deepEqual(catalog.tables(), shippedSchemas().tables());
  });

  it('takes <hunts>/schemas/ over the shipped schemas, whole tables at a time, and adds new ones', () => {
    const { catalog, errors } = loadSchemaCatalog({ huntsDir: hunts });
    assert.deepEqual(errors, []);
    assert.deepEqual(catalog.columns('DeviceEvents'), [
      { name: 'Timestamp', type: 'datetime' },
      { name: 'DeviceName', type: 'string' },
      { name: 'Extra', type: 'long' },
    ]);
    assert.equal(catalog.get('DeviceEvents')!.file, join(hunts, 'schemas', 'DeviceEvents.json'));
    assert.equal(catalog.columns('MyTable_CL')!.find((c) => c.name === 'Count')!.type, 'long');
    assert.deepEqual(catalog.columns('DeviceFileEvents'), shippedSchemas().columns('DeviceFileEvents'), 'other tables stay shipped');
  });

  it('takes --schemas over both', () => {
    const { catalog, errors } = loadSchemaCatalog({ huntsDir: hunts, schemasDir: option });
    assert.deepEqual(errors, []);
    assert.deepEqual(catalog.columns('MyTable_CL')!.map((c) => `${c.name}:${c.type}`), ['TimeGenerated:datetime', 'Host:string', 'Count:real', 'Flag:bool']);
    assert.equal(catalog.columns('DeviceEvents')!.length, 3, 'the hunts folder still overrides what --schemas does not');
  });

  it('reports a missing --schemas folder and two files for one table, keeping the rest', () => {
    const twice = folder({
      'a.json': schema('Twice', { A: 'string' }),
      'b.json': schema('Twice', { B: 'string' }),
      'bad.json': '{"Name": "Bad"}',
    });
    const { catalog, errors } = loadSchemaCatalog({ schemasDir: twice, display: (p) => p.replace(twice, 'DIR') });
    assert.deepEqual(errors.map(formatSchemaError), [
      `DIR/b.json: key 'Name': table "Twice" is also declared by DIR/a.json; keep one file per table`,
      `DIR/bad.json: key 'Properties': missing; add "Properties": [{"Name": "<Column>", "Type": "string"}, ...], one entry per column`,
    ]);
    assert.deepEqual(catalog.columns('Twice'), [{ name: 'A', type: 'string' }]);
    assert.equal(catalog.get('Bad'), undefined);

    const gone = loadSchemaCatalog({ schemasDir: join(twice, 'nope') });
    assert.deepEqual(gone.errors.map(formatSchemaError), [`${join(twice, 'nope')}: --schemas: no such folder; pass a folder of <Table>.json schema files`]);
  });

  it('types the local data with the schema, and infers the columns it does not list', async () => {
    const { catalog } = loadSchemaCatalog({ huntsDir: hunts });
    const data = folder({
      'MyTable_CL.ndjson': [
        { TimeGenerated: '2026-01-15T10:00:00Z', Host: 'a', Count: '42', Note: 'x', Size: 3 },
        { TimeGenerated: '2026-01-15T10:30:00Z', Host: 'b', Count: 7, Note: 'y', Size: 4.5 },
      ].map((r) => JSON.stringify(r)).join('\n'),
    });
    const source = new LocalSource(data, { schemas: catalog });
    const window = { start: new Date('2026-01-15T00:00:00Z'), end: new Date('2026-01-16T00:00:00Z') };
    const result = await source.query('MyTable_CL | project Host, Count, Note, Size | order by Host asc', window);
    assert.deepEqual(result.columns, [
      { name: 'Host', type: 'string' },
      { name: 'Count', type: 'long' },
      { name: 'Note', type: 'string' },
      { name: 'Size', type: 'real' },
    ]);
    assert.deepEqual(result.rows.map((r) => r.Count), [42, 7], '"42" in the data is read as the schema\'s long');
    assert.deepEqual(await source.describeTables(), { MyTable_CL: { rows: 2, schema: 'known' } });
    assert.deepEqual(await new LocalSource(data).describeTables(), { MyTable_CL: { rows: 2, schema: 'inferred' } }, 'without the catalog it is inferred');
  });
});

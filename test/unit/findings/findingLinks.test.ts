import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import {
  findingLinks,
  findingTabTarget,
  LinkSettingsError,
  linkSettingsFrom,
  parseFindingTabTarget,
  type FindingLinkInput,
} from '../../../src/findings/findingLinks.js';
import { makeHunt } from '../../support/hunt.js';

const WORKSPACE = '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-sec/providers/Microsoft.OperationalInsights/workspaces/law-sec';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const DEVICE = '0123456789abcdef0123456789abcdef01234567';
const SHA1 = 'fedcba9876543210fedcba9876543210fedcba98';
const SHA256 = 'ab'.repeat(32);
const FINDING = 'cd'.repeat(32);
const QUERY = 'DeviceFileEvents\n| where FileName == "x.exe" // ünïcode\n| take 10';
const WINDOW = { start: new Date('2026-11-19T11:45:00Z'), end: new Date('2026-11-20T11:45:00Z') };

function input(overrides: Partial<FindingLinkInput> = {}): FindingLinkInput {
  return {
    hunt: makeHunt({ id: '351f7035-836c-4f4b-80bb-188220ba9215', query: QUERY }),
    findingId: FINDING,
    key: { Host: 'cdn.evil.test' },
    row: { Host: 'cdn.evil.test', DeviceId: DEVICE, SHA1 },
    window: WINDOW,
    ...overrides,
  };
}

function decodeGzipBase64(encoded: string, encoding: BufferEncoding): string {
  return gunzipSync(Buffer.from(decodeURIComponent(encoded), 'base64')).toString(encoding);
}

describe('findingLinks', () => {
  it('links the device and file by their Defender ids, with the tenant', () => {
    const links = findingLinks(input(), { tenantId: TENANT });
    assert.deepEqual(
      links.filter((l) => l.kind === 'device' || l.kind === 'file'),
      [
        { kind: 'device', title: 'Device in Defender', url: `https://security.microsoft.com/machines/v2/${DEVICE}/overview?tid=${TENANT}` },
        { kind: 'file', title: 'File in Defender', url: `https://security.microsoft.com/file/${SHA1}?tid=${TENANT}` },
      ],
    );
  });

  it('prefers SHA256 for the file page and takes key columns before the row', () => {
    const links = findingLinks(input({ key: { DeviceId: DEVICE.toUpperCase() }, row: { DeviceId: '1'.repeat(40), SHA1, SHA256 } }), {});
    assert.equal(links.find((l) => l.kind === 'device')?.url, `https://security.microsoft.com/machines/v2/${DEVICE}/overview`);
    assert.equal(links.find((l) => l.kind === 'file')?.url, `https://security.microsoft.com/file/${SHA256}`);
  });

  it('never builds a link from a value that is not a valid identifier', () => {
    const hostile = [
      `${DEVICE}/../../evil`,
      `https://evil.test/${DEVICE}`,
      DEVICE.slice(1),
      `${DEVICE} `,
      'g'.repeat(40),
      DEVICE.replace('0', '\u0660'),
      null,
      42,
      [DEVICE],
    ];
    for (const value of hostile) {
      const links = findingLinks(input({ key: {}, row: { DeviceId: value, SHA1: value, SHA256: value } }), {});
      assert.deepEqual(
        links.map((l) => l.kind),
        ['advancedHunting'],
        `${JSON.stringify(value)}`,
      );
    }
    const badId = findingLinks(input({ findingId: '../x' }), { findingsPageUrl: 'https://app.example/api/tab/' });
    assert.ok(!badId.some((l) => l.kind === 'tab'));
  });

  it('opens the hunt query over the window in Log Analytics (gzip, base64, URL-encoded)', () => {
    const la = findingLinks(input(), { workspaceResourceId: WORKSPACE, tenantId: TENANT }).find((l) => l.kind === 'logAnalytics');
    assert.ok(la);
    const match = /^https:\/\/portal\.azure\.com\/#@([^/]+)\/blade\/Microsoft_Azure_Monitoring_Logs\/LogsBlade\/resourceId\/([^/]+)\/source\/LogsBlade\.AnalyticsShareLinkToQuery\/q\/([^/]+)\/timespan\/([^/]+)$/.exec(la.url);
    assert.ok(match, la.url);
    assert.equal(match[1], TENANT);
    assert.equal(decodeURIComponent(match[2]), WORKSPACE);
    assert.equal(decodeGzipBase64(match[3], 'utf8'), QUERY);
    assert.equal(decodeURIComponent(match[4]), '2026-11-19T11:45:00.000Z/2026-11-20T11:45:00.000Z');
    assert.doesNotMatch(match[3], /[+/=]/, 'base64 is URL-encoded');
  });

  it('leaves the Log Analytics link out without the workspace resource ID, and the timespan without a window', () => {
    assert.ok(!findingLinks(input(), {}).some((l) => l.kind === 'logAnalytics'));
    const la = findingLinks(input({ window: undefined }), { workspaceResourceId: WORKSPACE }).find((l) => l.kind === 'logAnalytics');
    assert.ok(la && !la.url.includes('/timespan/') && la.url.startsWith('https://portal.azure.com/#/blade/'), la?.url);
  });

  it('opens the hunt query in advanced hunting (UTF-16LE, gzip, base64) over the window', () => {
    const ah = findingLinks(input(), { tenantId: TENANT }).find((l) => l.kind === 'advancedHunting');
    assert.ok(ah);
    const url = new URL(ah.url);
    assert.equal(url.origin + url.pathname, 'https://security.microsoft.com/v2/advanced-hunting');
    assert.equal(gunzipSync(Buffer.from(url.searchParams.get('query')!, 'base64')).toString('utf16le'), QUERY);
    assert.equal(url.searchParams.get('fromDate'), WINDOW.start.toISOString());
    assert.equal(url.searchParams.get('toDate'), WINDOW.end.toISOString());
    assert.equal(url.searchParams.get('tid'), TENANT);
  });

  it('links the finding in the tab page, or as a Teams deep link to the static tab when the app id is set', () => {
    const huntId = 'hunt with spaces&=#';
    const page = findingLinks(input({ hunt: makeHunt({ id: huntId }) }), { findingsPageUrl: 'https://app.example/api/tab/' }).find((l) => l.kind === 'tab');
    assert.equal(page?.url, `https://app.example/api/tab/#hunt=${encodeURIComponent(huntId)}&finding=${FINDING}`);
    assert.deepEqual(parseFindingTabTarget(new URL(page!.url).hash), { huntId, findingId: FINDING });

    const app = '11111111-2222-3333-4444-555555555555';
    const teams = findingLinks(input({ hunt: makeHunt({ id: huntId }) }), { findingsPageUrl: 'https://app.example/api/tab/', teamsAppId: app }).find((l) => l.kind === 'tab');
    const url = new URL(teams!.url);
    assert.equal(url.origin + url.pathname, `https://teams.microsoft.com/l/entity/${app}/findings`);
    const context = JSON.parse(url.searchParams.get('context')!);
    assert.equal(context.subEntityId, findingTabTarget(huntId, FINDING));
    assert.deepEqual(parseFindingTabTarget(context.subEntityId), { huntId, findingId: FINDING });
    assert.equal(url.searchParams.get('webUrl'), page!.url, 'a client without the tab opens the page');
    assert.ok(!findingLinks(input(), {}).some((l) => l.kind === 'tab'), 'no tab link without a page or app');
  });

  it('orders links device, file, Log Analytics, advanced hunting, tab', () => {
    const links = findingLinks(input(), { workspaceResourceId: WORKSPACE, findingsPageUrl: 'https://app.example/api/tab/' });
    assert.deepEqual(
      links.map((l) => l.kind),
      ['device', 'file', 'logAnalytics', 'advancedHunting', 'tab'],
    );
  });
});

describe('linkSettingsFrom', () => {
  it('reads the four settings; unset or blank ones are left out', () => {
    assert.deepEqual(linkSettingsFrom({}), {});
    assert.deepEqual(linkSettingsFrom({ ENTRA_TENANT_ID: ' ', FINDINGS_PAGE_URL: '' }), {});
    assert.deepEqual(
      linkSettingsFrom({
        LOG_ANALYTICS_WORKSPACE_RESOURCE_ID: WORKSPACE,
        ENTRA_TENANT_ID: TENANT.toUpperCase(),
        FINDINGS_PAGE_URL: 'http://127.0.0.1:7071/api/tab/',
        TEAMS_APP_ID: '11111111-2222-3333-4444-555555555555',
      }),
      { workspaceResourceId: WORKSPACE, tenantId: TENANT, findingsPageUrl: 'http://127.0.0.1:7071/api/tab/', teamsAppId: '11111111-2222-3333-4444-555555555555' },
    );
    assert.equal(linkSettingsFrom({ ENTRA_TENANT_ID: 'contoso.onmicrosoft.com' }).tenantId, 'contoso.onmicrosoft.com');
  });

  it('names every bad setting and the fix, never its value', () => {
    const secret = 'sig=s3cr3t';
    let error: unknown;
    try {
      linkSettingsFrom({
        LOG_ANALYTICS_WORKSPACE_RESOURCE_ID: '00000000-1111-2222-3333-444444444444',
        ENTRA_TENANT_ID: `not a tenant ${secret}`,
        FINDINGS_PAGE_URL: `http://app.example/api/tab/?${secret}`,
        TEAMS_APP_ID: secret,
      });
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof LinkSettingsError);
    assert.deepEqual(
      error.problems.map((p) => p.setting),
      ['LOG_ANALYTICS_WORKSPACE_RESOURCE_ID', 'ENTRA_TENANT_ID', 'FINDINGS_PAGE_URL', 'TEAMS_APP_ID'],
    );
    assert.match(error.message, /LOG_ANALYTICS_WORKSPACE_RESOURCE_ID: .*\/subscriptions\/.*LOG_ANALYTICS_WORKSPACE_ID/);
    assert.match(error.message, /FINDINGS_PAGE_URL: must be an https:\/\/ URL/);
    assert.doesNotMatch(error.message, /s3cr3t/);
    assert.throws(() => linkSettingsFrom({ FINDINGS_PAGE_URL: 'https://app.example/api/tab/#x' }), /FINDINGS_PAGE_URL: must not have a #fragment/);
    assert.throws(() => linkSettingsFrom({ FINDINGS_PAGE_URL: 'app.example/tab' }), /FINDINGS_PAGE_URL: is not a URL/);
  });
});

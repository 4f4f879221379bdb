/**
 * The Teams app package (appPackage/, scripts/teams-app.ts): the manifest's required fields per the v1.17
 * schema, the static tab and SSO settings filled from the deployment, the icons' sizes, and a zip that
 * `unzip` reads back.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FINDINGS_TAB_ENTITY_ID } from '../../src/findings/findingLinks.js';
import { buildTeamsApp, fillManifest, teamsAppSettings, TeamsAppError } from '../../scripts/teams-app.js';
import { ROOT } from '../support/seeds.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HTTPS = /^https:\/\/[^\s{}]+$/;
const template = JSON.parse(readFileSync(join(ROOT, 'appPackage', 'manifest.json'), 'utf8'));
const settings = {
  pageUrl: 'https://func-hunts-abc123.azurewebsites.net/api/tab/',
  clientId: '6F1D3F0A-1B2C-4D5E-8F90-A1B2C3D4E5F6',
  appId: '0b6c9d2e-3f4a-4b5c-9d6e-7f8a9b0c1d2e',
};

function pngSize(file: string): { width: number; height: number; colorType: number } {
  const png = readFileSync(join(ROOT, 'appPackage', file));
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${file} is a PNG`);
  assert.equal(png.toString('latin1', 12, 16), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), colorType: png[25] };
}

/** The fields the v1.17 schema requires, and the limits it sets on them. */
function assertRequiredFields(m: Record<string, any>): void {
  for (const key of ['manifestVersion', 'version', 'id', 'developer', 'name', 'icons', 'description', 'accentColor']) assert.ok(key in m, `manifest.${key} is required`);
  assert.ok(Number(m.manifestVersion) >= 1.17, `schema 1.17 or later, got ${m.manifestVersion}`);
  assert.equal(m.$schema, `https://developer.microsoft.com/json-schemas/teams/v${m.manifestVersion}/MicrosoftTeams.schema.json`);
  for (const key of ['name', 'websiteUrl', 'privacyUrl', 'termsOfUseUrl']) assert.ok(m.developer[key], `developer.${key}`);
  assert.ok(m.developer.name.length <= 32);
  assert.ok(m.name.short && m.name.short.length <= 30 && m.name.full && m.name.full.length <= 100);
  assert.ok(m.description.short && m.description.short.length <= 80 && m.description.full && m.description.full.length <= 4000);
  assert.match(m.accentColor, /^#[0-9a-fA-F]{6}$/);
  assert.deepEqual(Object.keys(m.icons).sort(), ['color', 'outline']);
  assert.ok(m.staticTabs.length <= 16);
  for (const tab of m.staticTabs) {
    assert.ok(tab.entityId && tab.entityId.length <= 64 && Array.isArray(tab.scopes), JSON.stringify(tab));
    assert.ok(!tab.name || tab.name.length <= 128);
  }
  assert.ok(m.webApplicationInfo.id && m.webApplicationInfo.resource);
}

describe('the Teams app manifest', () => {
  it('has every field schema 1.17 requires, a static tab "findings" and webApplicationInfo, as placeholders', () => {
    assertRequiredFields(template);
    // The cards' deep links name this tab.
    assert.equal(FINDINGS_TAB_ENTITY_ID, 'findings');
    const tab = template.staticTabs.find((t: { entityId: string }) => t.entityId === FINDINGS_TAB_ENTITY_ID);
    assert.deepEqual(tab, { entityId: 'findings', name: 'Findings', contentUrl: '{{FINDINGS_PAGE_URL}}', websiteUrl: '{{FINDINGS_PAGE_URL}}', scopes: ['personal'] });
    assert.deepEqual(template.webApplicationInfo, { id: '{{API_CLIENT_ID}}', resource: '{{API_RESOURCE}}' });
    assert.deepEqual(template.validDomains, ['{{APP_HOST}}']);
  });

  it('has a 192×192 color icon and a 32×32 outline icon with transparency', () => {
    assert.deepEqual(pngSize(template.icons.color).width, 192);
    assert.deepEqual(pngSize(template.icons.color).height, 192);
    const outline = pngSize(template.icons.outline);
    assert.deepEqual([outline.width, outline.height], [32, 32]);
    assert.ok(outline.colorType === 6 || outline.colorType === 4, 'the outline has an alpha channel');
  });

  it('is filled from the deployment: the tab URL, its host, the API client id and its api:// resource', async () => {
    const out = mkdtempSync(join(tmpdir(), 'hunts-teams-app-'));
    try {
      const { zip, manifest: m } = await buildTeamsApp(teamsAppSettings({}, { 'page-url': settings.pageUrl, 'client-id': settings.clientId, 'app-id': settings.appId }), out, ROOT);
      assertRequiredFields(m);
      assert.doesNotMatch(JSON.stringify(m), /\{\{|\}\}/, 'no placeholder left');
      assert.match(String(m.id), GUID);
      assert.equal(m.version, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
      const tabs = m.staticTabs as { entityId: string; contentUrl?: string }[];
      assert.equal(tabs.find((t) => t.entityId === 'findings')?.contentUrl, settings.pageUrl);
      for (const url of [m.developer, ...tabs].flatMap((o) => Object.entries(o as object)).filter(([k]) => /Url$/.test(k)).map(([, v]) => v)) assert.match(String(url), HTTPS);
      assert.deepEqual(m.validDomains, ['func-hunts-abc123.azurewebsites.net']);
      assert.deepEqual(m.webApplicationInfo, {
        id: settings.clientId.toLowerCase(),
        resource: `api://func-hunts-abc123.azurewebsites.net/${settings.clientId.toLowerCase()}`,
      });

      if (!existsSync('/usr/bin/unzip')) return; // the zip is checked where unzip is installed
      execFileSync('unzip', ['-tq', zip]); // every entry's CRC
      assert.deepEqual(execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n'), ['manifest.json', 'color.png', 'outline.png']);
      assert.deepEqual(JSON.parse(execFileSync('unzip', ['-p', zip, 'manifest.json'], { encoding: 'utf8' })), m);
      assert.deepEqual(execFileSync('unzip', ['-p', zip, 'color.png']), readFileSync(join(ROOT, 'appPackage', 'color.png')));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('says which setting is wrong and how to fix it', () => {
    const problems = (env: Record<string, string>) => {
      try {
        teamsAppSettings(env);
        return '';
      } catch (error) {
        assert.ok(error instanceof TeamsAppError);
        return error.message;
      }
    };
    assert.match(problems({}), /FINDINGS_PAGE_URL .*not set[\s\S]*API_CLIENT_ID[\s\S]*TEAMS_APP_ID .*randomUUID/);
    assert.match(problems({ FINDINGS_PAGE_URL: 'http://x.test/api/tab/', API_CLIENT_ID: settings.clientId, TEAMS_APP_ID: settings.appId }), /must be https/);
    assert.match(problems({ FINDINGS_PAGE_URL: 'https://x.test/api/tab', API_CLIENT_ID: settings.clientId, TEAMS_APP_ID: settings.appId }), /must end with "\/"/);
    assert.equal(problems({ FINDINGS_PAGE_URL: settings.pageUrl, API_CLIENT_ID: settings.clientId, TEAMS_APP_ID: settings.appId }), '');
  });

  it('fills values as text: a value cannot add a key or leave a placeholder unfilled', () => {
    const filled = fillManifest({ a: '{{X}}', b: ['{{X}}'] }, { X: '", "injected": "1' });
    assert.deepEqual(filled, { a: '", "injected": "1', b: ['", "injected": "1'] });
    assert.throws(() => fillManifest({ a: '{{NOPE}}' }, {}), /\{\{NOPE\}\}/);
  });
});

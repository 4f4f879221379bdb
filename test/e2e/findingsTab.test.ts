/**
 * The findings tab in Debian's Chromium: the page served by servePage, the findings API (the handlers the
 * Function runs) on Azurite with the shipped hunts run on samples/, tokens from the loopback dev issuer,
 * and App Service Authentication's /.auth/me played by the test. Also the Teams path, through a stub host
 * that answers teams-js (test/e2e/teamsHostStub.ts). Screenshots go to docs/images/ (shown in the README).
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { startDevIssuer, type DevIssuer } from '../../src/api/devIssuer.js';
import { createFindingsApi } from '../../src/api/findingsApi.js';
import { nodeHandler } from '../../src/api/nodeHttp.js';
import { servePage } from '../../src/api/page.js';
import type { Hunt } from '../../src/hunts/hunt.js';
import { loadHunts } from '../../src/hunts/load.js';
import { runHunt } from '../../src/run/runHunt.js';
import { LocalSource } from '../../src/sources/local.js';
import { createTableServiceConfig, type TableServiceConfig } from '../../src/store/tableClients.js';
import { TableFindingStore } from '../../src/store/tableFindingStore.js';
import { uniqueTablePrefix, withAzurite, type TestAzurite } from '../support/azurite.js';
import { chromiumOrSkip, launchChromium, type RunningBrowser } from '../support/browser.js';
import { makeHunt } from '../support/hunt.js';
import { ROOT } from '../support/seeds.js';
import { testFinding } from '../integration/store/fixtures.js';
import { teamsHostPage } from './teamsHostStub.js';

const IMAGES = join(ROOT, 'docs', 'images');
const ANALYST = { name: 'Ana Lyst', preferred_username: 'analyst@contoso.test', oid: '00000000-0000-0000-0000-00000000a001', roles: ['Hunts.Triage'] };
const TEAMS_USER = { name: 'Teams User', preferred_username: 'teams.user@contoso.test', oid: '00000000-0000-0000-0000-00000000a003', roles: ['Hunts.Triage'] };
const READER = { name: 'Rea Der', preferred_username: 'reader@contoso.test', oid: '00000000-0000-0000-0000-00000000a002' };
const WAIT_MS = 60_000;

// Values an attacker can put in telemetry: markup, a script, Markdown, a bidi override.
const HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1">Downloads from [click here](https://evil.test)';
const HOSTILE_HOST = '<script>window.__pwned=2</script>';
const HOSTILE_NOTE = '**urgent** [open](javascript:window.__pwned=3) <b>bold</b> invoice\u202Egpj.exe';

interface ApiFinding {
  huntId: string;
  id: string;
  title: string;
  state: string;
  triage: { state: string; by?: string; reason?: string };
  key: Record<string, unknown>;
}

describe('the findings tab in Chromium', chromiumOrSkip(), () => {
  let azurite: TestAzurite;
  let issuer: DevIssuer;
  let tables: TableServiceConfig;
  let server: Server;
  let origin = '';
  let browser: RunningBrowser;
  let hunts: Hunt[];
  const hostile = makeHunt({ name: 'Hostile values' });
  const many = makeHunt({ name: 'Many findings' });
  /** What /.auth/me answers: a token (signed in), or null (401, not signed in). */
  let session: string | null = null;
  let teamsToken = '';
  let teamsSubEntity = '';
  /** A hunt that joins the API only for its own test, so the screenshots show the shipped hunts alone. */
  let extraHunt: 'shipped' | 'hostile' | 'many' = 'shipped';
  let analystToken = '';
  const contexts: BrowserContext[] = [];
  const outsideRequests: string[] = [];

  async function api<T>(path: string): Promise<T> {
    const response = await fetch(`${origin}${path}`, { headers: { Authorization: `Bearer ${analystToken}` } });
    assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
    return (await response.json()) as T;
  }

  /** A fresh browser context that may reach this test's server only, and fails the test on any page error. */
  async function open(path: string, options: { colorScheme?: 'light' | 'dark' } = {}): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.browser.newContext({ viewport: { width: 1100, height: 900 }, colorScheme: options.colorScheme ?? 'light', locale: 'en-US', timezoneId: 'UTC' });
    contexts.push(context);
    await context.route(
      (url) => url.origin !== origin,
      (route) => {
        outsideRequests.push(route.request().url());
        return route.abort();
      },
    );
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // teams-js asks its CDN for the list of Teams origins when it loads; connect-src 'self' refuses that
      // before any traffic, and teams-js falls back to its built-in list.
      if (m.type() === 'error' && !m.text().includes('res.cdn.office.net')) errors.push(`console: ${m.text()}`);
    });
    await page.goto(`${origin}${path}`);
    return { page, errors };
  }

  const article = (page: Page | ReturnType<Page['frameLocator']>, f: { huntId: string; id: string }) =>
    page.locator(`article.finding[data-hunt-id="${f.huntId}"][data-finding-id="${f.id}"]`);

  before(async () => {
    azurite = await withAzurite();
    issuer = await startDevIssuer();
    tables = createTableServiceConfig({ connectionString: azurite.connectionString, tablePrefix: uniqueTablePrefix() });
    const store = new TableFindingStore(tables);
    await store.ensureTables();

    // The shipped hunts, run once on the sample telemetry, as `hunts serve` does.
    hunts = loadHunts(join(ROOT, 'hunts'), 'hunts').hunts.filter((h) => h.enabled);
    const source = new LocalSource(join(ROOT, 'samples'));
    const clock = await source.newestEventTime();
    assert.ok(clock, 'sanity: the samples have events');
    for (const hunt of hunts) {
      const report = await runHunt(hunt, { source, store, notifiers: [], now: () => clock });
      assert.equal(report.status, 'succeeded', report.reason);
    }

    server = createServer(
      nodeHandler(
        () => origin,
        (request) => route(request),
        (error) => console.error(error),
      ),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const apiFor = (apiHunts: Hunt[]) => createFindingsApi({
      hunts: apiHunts,
      env: {
        ...issuer.env,
        LOG_ANALYTICS_WORKSPACE_RESOURCE_ID: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-hunts/providers/Microsoft.OperationalInsights/workspaces/law-hunts',
      },
      tables: () => tables,
      // Triage times on a fixed clock too, so the screenshots come out the same on every run.
      now: () => new Date(clock.getTime() + 20 * 60_000),
    });
    const apis = { shipped: apiFor(hunts), hostile: apiFor([...hunts, hostile]), many: apiFor([...hunts, many]) };
    const route = async (request: Request): Promise<Response> => {
      const { pathname } = new URL(request.url);
      if (pathname === '/api/tab' || pathname.startsWith('/api/tab/')) return servePage(request);
      if (pathname === '/.auth/me') {
        return session
          ? Response.json([{ access_token: session, user_id: 'analyst@contoso.test', provider_name: 'aad' }])
          : new Response('', { status: 401 });
      }
      if (pathname === '/teams-host.html') {
        const tabUrl = '/api/tab/';
        return new Response(teamsHostPage({ tabUrl, token: teamsToken, theme: 'dark', subEntityId: teamsSubEntity }), { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
      }
      return apis[extraHunt].handle(request);
    };
    analystToken = await issuer.sign(ANALYST);
    teamsToken = await issuer.sign(TEAMS_USER);
    browser = await launchChromium();
    await mkdir(IMAGES, { recursive: true });
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await issuer?.stop();
    await azurite?.stop();
  });

  it('offers App Service sign-in when there is no session', async () => {
    session = null;
    const { page, errors } = await open('/api/tab/');
    const link = page.getByRole('link', { name: 'Sign in' });
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), '/.auth/login/aad?post_login_redirect_uri=/api/tab/');
    // Chromium logs the 401 from /.auth/me itself; nothing else went wrong.
    assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
  });

  it('shows the findings by hunt with each hunt\'s health, and triages them: acknowledge, false positive with a reason', async () => {
    session = analystToken;
    const { findings } = await api<{ findings: ApiFinding[] }>('/api/findings?state=open');
    const pivot = hunts.find((h) => h.slug === 'pivot-detections-to-downloads')!;
    const pivotFindings = findings.filter((f) => f.huntId === pivot.id);
    assert.equal(pivotFindings.length, 2, 'sanity: the samples give the pivot hunt two findings');
    const { page, errors } = await open('/api/tab/');

    for (const f of findings) await article(page, f).waitFor();
    assert.equal(await page.locator('article.finding').count(), findings.length);
    for (const hunt of hunts) {
      const section = page.locator(`section.hunt[data-hunt-id="${hunt.id}"]`);
      assert.equal(await section.locator('h2').textContent(), hunt.name);
      assert.match((await section.locator('.health').textContent()) ?? '', /Last run .* succeeded: .*Last success/s);
    }
    const [first, second] = pivotFindings;
    assert.equal(await article(page, first).locator('.finding-title').textContent(), first.title);
    assert.match((await article(page, first).locator('.key').textContent()) ?? '', new RegExp(`Host${String(first.key.Host).replace(/\./g, '\\.')}`));
    assert.match((await article(page, first).locator('.seen').textContent()) ?? '', /first seen .* last seen .* 1 time seen/);
    const actions = article(page, first).locator('nav.actions a');
    assert.ok((await actions.count()) >= 1, 'the Log Analytics link, at least');
    for (const a of await actions.all()) {
      assert.match((await a.getAttribute('href')) ?? '', /^https:\/\//);
      assert.equal(await a.getAttribute('rel'), 'noopener noreferrer');
    }

    const openCount = (n: number) => `${n} open finding${n === 1 ? '' : 's'}`;
    assert.equal(await page.locator('#status').textContent(), openCount(findings.length));
    await article(page, first).getByRole('button', { name: 'Acknowledge' }).click();
    await page.locator(`article.finding[data-finding-id="${first.id}"][data-state="acknowledged"]`).waitFor();
    // The count follows the triage; the finding stays in view, counted apart.
    assert.equal(await page.locator('#status').textContent(), `${openCount(findings.length - 1)}; 1 triaged out of this filter, still shown`);
    assert.equal(await article(page, first).locator('.badge.state').textContent(), 'Acknowledged');
    assert.match((await article(page, first).locator('.triage-note').textContent()) ?? '', /Acknowledged by analyst@contoso\.test on /);

    await article(page, second).getByRole('button', { name: 'False positive…' }).click();
    await article(page, second).locator('textarea').fill('Our own test download server');
    await article(page, second).getByRole('button', { name: 'Mark false positive' }).click();
    await page.locator(`article.finding[data-finding-id="${second.id}"][data-state="false-positive"]`).waitFor();
    assert.equal(await page.locator('#status').textContent(), `${openCount(findings.length - 2)}; 2 triaged out of this filter, still shown`);
    assert.match((await article(page, second).locator('.triage-note').textContent()) ?? '', /False positive by analyst@contoso\.test on .*Our own test download server/);

    // The API (the store behind it) says the same.
    const after = await api<{ findings: ApiFinding[] }>(`/api/findings?hunt=${pivot.id}`);
    const byId = new Map(after.findings.map((f) => [f.id, f]));
    assert.deepEqual([byId.get(first.id)?.triage.state, byId.get(first.id)?.triage.by], ['acknowledged', 'analyst@contoso.test']);
    assert.deepEqual([byId.get(second.id)?.state, byId.get(second.id)?.triage.reason], ['false-positive', 'Our own test download server']);

    await page.screenshot({ path: join(IMAGES, 'findings-tab.png'), fullPage: true });

    // Reopen puts it back.
    await article(page, first).getByRole('button', { name: 'Reopen' }).click();
    await page.locator(`article.finding[data-finding-id="${first.id}"][data-state="open"]`).waitFor();
    assert.equal(await page.locator('#status').textContent(), `${openCount(findings.length - 1)}; 1 triaged out of this filter, still shown`);
    assert.deepEqual(errors, []);
  });

  it('scrolls to and highlights the finding a deep link names, whatever its state', async () => {
    session = analystToken;
    const [target] = (await api<{ findings: ApiFinding[] }>('/api/findings?state=false-positive')).findings;
    assert.ok(target, 'sanity: the triage test left a false positive');
    const { page, errors } = await open(`/api/tab/#hunt=${encodeURIComponent(target.huntId)}&finding=${encodeURIComponent(target.id)}`);
    const highlighted = page.locator('article.finding.highlight');
    await highlighted.waitFor();
    assert.equal(await highlighted.getAttribute('data-finding-id'), target.id);
    assert.equal(await page.locator('#state-filter').inputValue(), '', 'any state, so a triaged finding is found too');
    assert.equal(await page.locator('#hunt-filter').inputValue(), target.huntId);
    assert.ok(await highlighted.isVisible());
    assert.deepEqual(errors, []);
  });

  it('shows values shaped like HTML, script tags and Markdown links as text, never as markup or links', async () => {
    session = analystToken;
    extraHunt = 'hostile';
    const store = new TableFindingStore(tables);
    const finding = { ...testFinding(hostile, HOSTILE_HOST, { Note: HOSTILE_NOTE }), title: HOSTILE_TITLE };
    await store.reconcile(hostile, [finding], 'run-hostile', new Date(), []);
    const { page, errors } = await open(`/api/tab/`);
    const shown = article(page, { huntId: hostile.id, id: finding.id });
    await shown.waitFor();
    assert.equal(await shown.locator('.finding-title').textContent(), HOSTILE_TITLE);
    assert.equal(await shown.locator('.key dd').textContent(), HOSTILE_HOST);
    await shown.locator('details.evidence summary').click();
    // The bidi override is shown as a code point, so the file name reads as it is.
    assert.equal(await shown.locator('.evidence tr', { hasText: 'Note' }).locator('td').textContent(), HOSTILE_NOTE.replace('\u202E', '<U+202E>'));
    assert.equal(await shown.locator('img, script, b, strong').count(), 0, 'no element came from a value');
    assert.equal(await page.locator('a[href*="evil.test"], a[href^="javascript:"]').count(), 0);
    assert.equal(await page.evaluate('window.__pwned'), undefined);
    assert.deepEqual(errors, []);
    extraHunt = 'shipped';
  });

  it('follows the browser\'s dark scheme outside Teams', async () => {
    session = analystToken;
    const { page, errors } = await open('/api/tab/', { colorScheme: 'dark' });
    await page.locator('article.finding').first().waitFor();
    assert.equal(await page.evaluate('getComputedStyle(document.body).backgroundColor'), 'rgb(31, 31, 31)');
    assert.equal(await page.evaluate('document.documentElement.dataset.host'), 'browser');
    assert.deepEqual(errors, []);
  });

  it('in Teams: initializes, takes the theme and its changes, signs in with getAuthToken, opens the subEntityId\'s finding', async () => {
    session = null; // nothing from App Service Authentication: the token can only come from Teams
    const pivot = hunts.find((h) => h.slug === 'pivot-detections-to-downloads')!;
    const [target] = (await api<{ findings: ApiFinding[] }>(`/api/findings?hunt=${pivot.id}&state=open`)).findings;
    teamsSubEntity = `hunt=${encodeURIComponent(target.huntId)}&finding=${encodeURIComponent(target.id)}`;
    const { page, errors } = await open('/teams-host.html');
    const tab = page.frameLocator('#tab');
    const highlighted = tab.locator('article.finding.highlight');
    await highlighted.waitFor();
    assert.equal(await highlighted.getAttribute('data-finding-id'), target.id);
    const frame = page.frames().find((f) => f.url().includes('/api/tab/'))!;
    assert.equal(await frame.evaluate('document.documentElement.dataset.host'), 'teams');
    assert.equal(await frame.evaluate('document.documentElement.dataset.theme'), 'dark');
    assert.equal(await frame.evaluate('getComputedStyle(document.body).backgroundColor'), 'rgb(31, 31, 31)');
    assert.match((await tab.locator('#user').textContent()) ?? '', /Teams User/);

    await highlighted.getByRole('button', { name: 'Acknowledge' }).click();
    await tab.locator(`article.finding[data-finding-id="${target.id}"][data-state="acknowledged"]`).waitFor();
    assert.match((await tab.locator(`article.finding[data-finding-id="${target.id}"] .triage-note`).textContent()) ?? '', /by teams\.user@contoso\.test/);
    await page.screenshot({ path: join(IMAGES, 'findings-tab-teams-dark.png'), fullPage: true });

    await page.evaluate("window.pushTheme('contrast')");
    await frame.waitForFunction("document.documentElement.dataset.theme === 'contrast'");
    assert.equal(await frame.evaluate('getComputedStyle(document.body).backgroundColor'), 'rgb(0, 0, 0)');
    const calls = (await page.evaluate('window.hostCalls')) as string[];
    for (const call of ['initialize', 'getContext', 'authentication.getAuthToken']) assert.ok(calls.includes(call), `${call} in ${calls.join(', ')}`);
    assert.deepEqual(errors, []);
  });

  it('pages with More: 50 findings, then the rest; the hunt\'s health shows the notices it owes', async () => {
    session = analystToken;
    extraHunt = 'many';
    const store = new TableFindingStore(tables);
    const hosts = Array.from({ length: 61 }, (_, i) => `host-${String(i).padStart(2, '0')}.test`);
    // Stored with both channels configured and nothing sent yet: each finding owes two notices.
    await store.reconcile(many, hosts.map((h) => testFinding(many, h)), 'run-many', new Date(), ['teams', 'webhook']);
    const { page, errors } = await open('/api/tab/');
    await page.locator('#hunt-filter').selectOption(many.id);
    const shown = page.locator(`section.hunt[data-hunt-id="${many.id}"] article.finding`);
    await page.locator('#status', { hasText: '50 open findings shown, more below' }).waitFor();
    assert.equal(await shown.count(), 50);
    await page.getByRole('button', { name: 'More' }).click();
    await page.locator('#status', { hasText: '61 open findings' }).waitFor();
    assert.equal(await shown.count(), 61);
    assert.ok(await page.getByRole('button', { name: 'More' }).isHidden());
    const health = page.locator(`section.hunt[data-hunt-id="${many.id}"] .health`);
    assert.equal(await health.locator('.owed').textContent(), '122 notices owed (Teams 61, webhook 61): the next run sends them');
    assert.match((await health.textContent()) ?? '', /Not run yet/);
    const ids = await Promise.all((await shown.all()).map((a) => a.getAttribute('data-finding-id')));
    assert.equal(new Set(ids).size, 61, 'each finding once');
    assert.deepEqual(errors, []);

    // A deep link to a finding past the first page reads it on its own and shows it first, highlighted.
    const last = ids[60]!;
    const linked = await open(`/api/tab/#hunt=${encodeURIComponent(many.id)}&finding=${encodeURIComponent(last)}`);
    await linked.page.locator(`article.finding.highlight[data-finding-id="${last}"]`).waitFor();
    const linkedShown = linked.page.locator(`section.hunt[data-hunt-id="${many.id}"] article.finding`);
    assert.equal(await linkedShown.first().getAttribute('data-finding-id'), last);
    assert.equal(await linkedShown.count(), 51, 'the first page and the linked finding, not every page');
    assert.deepEqual(linked.errors, []);
    extraHunt = 'shipped';
  });

  it('says the API refused the token, and offers to sign in again', async () => {
    session = await issuer.sign(ANALYST, { audience: 'api://someone-else' });
    const { page, errors } = await open('/api/tab/');
    await page.locator('#status .error').waitFor();
    assert.match((await page.locator('#status').textContent()) ?? '', /The API refused the sign-in: .* Sign in again\./);
    assert.equal(await page.getByRole('link', { name: 'Sign in' }).getAttribute('href'), '/.auth/login/aad?post_login_redirect_uri=/api/tab/');
    assert.equal(await page.locator('article.finding').count(), 0);
    // Chromium logs the API's 401s itself.
    assert.deepEqual(errors.filter((e) => !/status of 401/.test(e)), []);
  });

  it('keeps the triage buttons off for a user without the Hunts.Triage role', async () => {
    session = await issuer.sign(READER);
    const { page, errors } = await open('/api/tab/');
    await page.locator('article.finding').first().waitFor();
    assert.match((await page.locator('#user').textContent()) ?? '', /Rea Der · read only/);
    const buttons = page.locator('article.finding .triage > button');
    assert.ok((await buttons.count()) > 0);
    for (const b of await buttons.all()) assert.ok(await b.isDisabled());
    assert.deepEqual(errors, []);
  });

  it('never reached beyond the test server', () => {
    assert.deepEqual(outsideRequests, []);
  });
});

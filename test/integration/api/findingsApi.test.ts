/**
 * The findings API over real HTTP (node:http on 127.0.0.1, the very handlers the Function runs, real
 * fetch) against Azurite, with tokens from the loopback dev issuer: filters, paging, triage, a false
 * positive suppressing the finding in the next run, and every way a token is refused (changing nothing).
 */
import assert from 'node:assert/strict';
import { generateKeyPair, SignJWT } from 'jose';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDevIssuer, type DevIssuer } from '../../../src/api/devIssuer.js';
import { createFindingsApi } from '../../../src/api/findingsApi.js';
import { nodeHandler } from '../../../src/api/nodeHttp.js';
import type { Hunt } from '../../../src/hunts/hunt.js';
import { runHunt } from '../../../src/run/runHunt.js';
import { LocalSource } from '../../../src/sources/local.js';
import { huntFindingsFilter, legacyFindingPartition, partitionFilter } from '../../../src/store/findingPartitions.js';
import { createTableServiceConfig, type TableServiceConfig } from '../../../src/store/tableClients.js';
import { TableFindingStore } from '../../../src/store/tableFindingStore.js';
import { uniqueTablePrefix, withAzurite, type TestAzurite } from '../../support/azurite.js';
import { makeHunt } from '../../support/hunt.js';
import { at, testFinding } from '../store/fixtures.js';

const ANALYST = { preferred_username: 'analyst@contoso.test', oid: '00000000-0000-0000-0000-00000000a001', roles: ['Hunts.Triage'] };
const READER = { preferred_username: 'reader@contoso.test', oid: '00000000-0000-0000-0000-00000000a002' };
const HOSTILE = '<script>alert(1)</script>\r\nX-Injected: yes [click](https://evil.test)';

interface Served {
  url: string;
  server: Server;
}

async function serve(handle: (request: Request) => Promise<Response>): Promise<Served> {
  let origin = '';
  const server = createServer(nodeHandler(() => origin, handle));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: origin, server };
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

describe('findings API', () => {
  let azurite: TestAzurite;
  let issuer: DevIssuer;
  let tables: TableServiceConfig;
  let store: TableFindingStore;
  let api: Served;
  let analystToken: string;
  let readerToken: string;
  const pivot = makeHunt({ name: 'Pivot' });
  const other = makeHunt({ name: 'Other' });
  // Seven findings of `pivot`, seen at hours 1..7 (host-7 newest); one of `other`.
  const hosts = Array.from({ length: 7 }, (_, i) => `host-${i + 1}.test`);

  const get = async (path: string, token: string | null = analystToken) => {
    const response = await fetch(`${api.url}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    return { response, body: (await response.json()) as Record<string, any> };
  };
  const triage = async (hunt: string, id: string, body: unknown, token: string | null = analystToken) => {
    const response = await fetch(`${api.url}/api/findings/${encodeURIComponent(hunt)}/${encodeURIComponent(id)}/triage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { response, body: (await response.json()) as Record<string, any> };
  };

  before(async () => {
    azurite = await withAzurite();
    issuer = await startDevIssuer();
    tables = createTableServiceConfig({ connectionString: azurite.connectionString, tablePrefix: uniqueTablePrefix() });
    store = new TableFindingStore(tables);
    await store.ensureTables();
    for (const [i, host] of hosts.entries()) {
      const row = i === 0 ? { Timestamp: '2026-11-20T00:30:00Z', Note: HOSTILE } : {};
      await store.reconcile(pivot, [testFinding(pivot, host, row)], `run-${i}`, new Date(Date.UTC(2026, 10, 20, i + 1)), ['teams']);
    }
    await store.reconcile(other, [testFinding(other, 'elsewhere.test')], 'run-x', at('2026-11-20T05:00:00Z'), []);
    const apiImpl = createFindingsApi({ hunts: [pivot, other], env: { ...issuer.env }, tables: () => tables });
    api = await serve(apiImpl.handle);
    analystToken = await issuer.sign(ANALYST);
    readerToken = await issuer.sign(READER);
  });
  after(async () => {
    await close(api.server);
    await issuer.stop();
    await azurite.stop();
  });

  it('lists a hunt newest lastSeen first, a page at a time, every finding once', async () => {
    const seen: string[] = [];
    let path = `/api/findings?hunt=${pivot.id}&limit=3`;
    const sizes: number[] = [];
    for (;;) {
      const { response, body } = await get(path);
      assert.equal(response.status, 200, JSON.stringify(body));
      sizes.push(body.findings.length);
      seen.push(...body.findings.map((f: any) => f.key.Host));
      if (!body.next) break;
      path = `/api/findings?hunt=${pivot.id}&limit=3&cursor=${encodeURIComponent(body.next)}`;
    }
    assert.deepEqual(sizes, [3, 3, 1]);
    assert.deepEqual(seen, [...hosts].reverse());
  });

  it("shows and triages findings an older version kept in the hunt's one partition, moving them under the hunt's lease", async () => {
    const [upgraded, running] = [makeHunt({ name: 'Upgraded' }), makeHunt({ name: 'Running' })];
    for (const h of [upgraded, running]) {
      await store.reconcile(h, [testFinding(h, 'a.legacy.test'), testFinding(h, 'b.legacy.test')], 'old-run', at('2026-11-20T01:00:00Z'), []);
      // As an older version left them: every entity in the partition named after the hunt.
      for await (const e of tables.findings.listEntities<Record<string, unknown>>({ queryOptions: { filter: huntFindingsFilter(h.id) } })) {
        const { etag: _e, timestamp: _t, partitionKey, rowKey, ...fields } = e;
        await tables.findings.upsertEntity({ ...fields, partitionKey: legacyFindingPartition(h.id), rowKey: rowKey! }, 'Replace');
        await tables.findings.deleteEntity(partitionKey!, rowKey!);
      }
    }
    const legacyCount = async (h: Hunt) => {
      let n = 0;
      for await (const _ of tables.findings.listEntities({ queryOptions: { filter: partitionFilter(legacyFindingPartition(h.id)) } })) n++;
      return n;
    };
    // A run of `running` holds its lease: it moves them itself, and the API leaves them to it.
    const runLease = await store.acquireLease(running.id, 'a-run', 60_000, new Date());
    assert.ok(runLease);
    const upgradedApi = await serve(createFindingsApi({ hunts: [upgraded, running], env: { ...issuer.env }, tables: () => tables }).handle);
    try {
      const call = (path: string) => fetch(`${upgradedApi.url}${path}`, { headers: { Authorization: `Bearer ${analystToken}` } });
      const listed = (await (await call(`/api/findings?hunt=${upgraded.id}`)).json()) as { findings: { id: string; key: { Host: string } }[] };
      assert.deepEqual(listed.findings.map((f) => f.key.Host).sort(), ['a.legacy.test', 'b.legacy.test']);
      assert.equal(await legacyCount(upgraded), 0, 'moved, not read in place');
      const triaged = await fetch(`${upgradedApi.url}/api/findings/${upgraded.id}/${listed.findings[0]!.id}/triage`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${analystToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ action: 'acknowledged' }),
      });
      assert.equal(triaged.status, 200);
      assert.equal((await store.acquireLease(upgraded.id, 'next-run', 60_000, new Date())) !== null, true, "the API gave the hunt's lease back");

      assert.deepEqual(((await (await call(`/api/findings?hunt=${running.id}`)).json()) as { findings: unknown[] }).findings, []);
      assert.equal(await legacyCount(running), 2, 'left to the run that holds the lease');
      await store.releaseLease(runLease);
      const later = (await (await call(`/api/findings?hunt=${running.id}`)).json()) as { findings: unknown[] };
      assert.equal(later.findings.length, 2, 'moved on the next call, the lease free');
    } finally {
      await close(upgradedApi.server);
    }
  });

  it('shows a finding whole: times as ISO, triage, delivery, the row as stored, values only as JSON', async () => {
    const { response, body } = await get(`/api/findings?hunt=${pivot.id}&since=2026-11-20T01:00:00Z&until=2026-11-20T01:00:00Z`);
    assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('x-injected'), null);
    assert.equal(body.findings.length, 1);
    const f = body.findings[0];
    assert.equal(f.huntId, pivot.id);
    assert.equal(f.huntName, 'Pivot');
    assert.equal(f.id, testFinding(pivot, 'host-1.test').id);
    assert.equal(f.state, 'open');
    assert.deepEqual(f.triage, { state: 'open' });
    assert.equal(f.firstSeen, '2026-11-20T01:00:00.000Z');
    assert.equal(f.lastSeen, '2026-11-20T01:00:00.000Z');
    assert.equal(f.timesSeen, 1);
    assert.equal(f.eventTime, '2026-11-20T00:30:00.000Z');
    assert.deepEqual(f.key, { Host: 'host-1.test' });
    assert.equal(f.row.Note, HOSTILE);
    assert.deepEqual(f.delivery, { teams: 'pending', webhook: 'skipped' });
    assert.ok(Array.isArray(f.actions));
  });

  it('shows one finding by hunt and id, as a deep link needs it', async () => {
    const id = testFinding(pivot, 'host-6.test').id;
    const { response, body } = await get(`/api/findings/${pivot.id}/${id}`);
    assert.equal(response.status, 200);
    assert.equal(body.finding.id, id);
    assert.deepEqual(body.finding.key, { Host: 'host-6.test' });
    assert.equal((await get(`/api/findings/${pivot.id}/${'0'.repeat(64)}`)).response.status, 404);
    assert.equal((await get(`/api/findings/${other.id}/${id}`)).response.status, 404);
    assert.equal((await get(`/api/findings/nope/${id}`)).response.status, 404);
    assert.equal((await get(`/api/findings/${pivot.id}/${id}`, null)).response.status, 401);
  });

  it('filters by time, and lists every hunt in order without a hunt filter', async () => {
    const window = await get(`/api/findings?hunt=${pivot.id}&since=2026-11-20T03:00:00Z&until=2026-11-20T05:00:00Z`);
    assert.deepEqual(window.body.findings.map((f: any) => f.key.Host), ['host-5.test', 'host-4.test', 'host-3.test']);
    const all = await get('/api/findings?limit=200');
    assert.deepEqual(all.body.findings.map((f: any) => f.key.Host), [...[...hosts].reverse(), 'elsewhere.test']);
    assert.equal(all.body.next, null);
    // A page boundary between hunts: the cursor carries on into the next hunt.
    const first = await get('/api/findings?limit=7');
    assert.ok(first.body.next);
    const rest = await get(`/api/findings?limit=7&cursor=${first.body.next}`);
    assert.deepEqual(rest.body.findings.map((f: any) => f.key.Host), ['elsewhere.test']);
  });

  it('answers a bad filter with 400 naming it, and an unknown hunt with 404', async () => {
    const cases: [string, number, RegExp][] = [
      ['/api/findings?limit=0', 400, /limit must be a whole number from 1 to 200/],
      ['/api/findings?limit=201', 400, /limit must be a whole number from 1 to 200/],
      ['/api/findings?limit=ten', 400, /limit must be/],
      ['/api/findings?state=closed', 400, /state must be one of open, acknowledged, false-positive/],
      ['/api/findings?since=yesterday', 400, /since must be an ISO 8601 time/],
      ['/api/findings?until=2026-11-20', 400, /until must be an ISO 8601 time with a zone/],
      ['/api/findings?since=2026-11-21T00:00:00Z&until=2026-11-20T00:00:00Z', 400, /since is after until/],
      ['/api/findings?stat=open', 400, /unknown parameter "stat"/],
      ['/api/findings?state=open&state=acknowledged', 400, /state is given twice/],
      ['/api/findings?cursor=not-a-cursor', 400, /cursor is not one this API gave/],
      ['/api/findings?hunt=nope', 404, /no hunt has the id "nope"/],
      ['/api/runs?limit=101', 400, /limit must be a whole number from 1 to 100/],
      ['/api/nothing', 404, /no such API/],
    ];
    for (const [path, status, message] of cases) {
      const { response, body } = await get(path);
      assert.equal(response.status, status, path);
      assert.match(body.error, message, path);
      assert.deepEqual(Object.keys(body), ['error']);
    }
    const wrongMethod = await fetch(`${api.url}/api/findings`, { method: 'DELETE', headers: { Authorization: `Bearer ${analystToken}` } });
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'GET');
  });

  it('triage: acknowledged, a false positive with its reason, reopen; by the token user, with the time', async () => {
    const id = testFinding(pivot, 'host-2.test').id;
    const ack = await triage(pivot.id, id, { action: 'acknowledged' });
    assert.equal(ack.response.status, 200, JSON.stringify(ack.body));
    assert.equal(ack.body.finding.state, 'acknowledged');
    assert.equal(ack.body.finding.triage.by, 'analyst@contoso.test');
    assert.ok(Date.parse(ack.body.finding.triage.at) > 0);

    const noReason = await triage(pivot.id, id, { action: 'false-positive' });
    assert.equal(noReason.response.status, 400);
    assert.match(noReason.body.error, /needs a reason/);
    const tooLong = await triage(pivot.id, id, { action: 'false-positive', reason: 'x'.repeat(501) });
    assert.equal(tooLong.response.status, 400);
    assert.match(tooLong.body.error, /at most 500/);

    const fp = await triage(pivot.id, id, { action: 'false-positive', reason: 'our build farm' });
    assert.equal(fp.response.status, 200);
    assert.deepEqual({ ...fp.body.finding.triage, at: undefined }, { state: 'false-positive', by: 'analyst@contoso.test', reason: 'our build farm', at: undefined });
    assert.deepEqual([...(await store.suppressions(pivot.id)).keys()], [id]);
    const listed = await get(`/api/findings?hunt=${pivot.id}&state=false-positive`);
    assert.deepEqual(listed.body.findings.map((f: any) => f.id), [id]);

    const reopened = await triage(pivot.id, id, { action: 'reopen' });
    assert.equal(reopened.body.finding.state, 'open');
    assert.equal((await store.suppressions(pivot.id)).size, 0);
    const open = await get(`/api/findings?hunt=${pivot.id}&state=open`);
    assert.equal(open.body.findings.length, hosts.length);
  });

  it('triage: bad bodies are 400 (415 when not JSON), unknown hunts and findings 404', async () => {
    const id = testFinding(pivot, 'host-3.test').id;
    const cases: [unknown, number, RegExp][] = [
      ['{not json', 400, /not JSON/],
      [[1], 400, /must be a JSON object/],
      [{}, 400, /action is required/],
      [{ action: 'benign' }, 400, /action must be one of acknowledged, false-positive, reopen/],
      [{ action: 'acknowledged', by: 'someone else' }, 400, /unknown field "by"/],
      [{ action: 'acknowledged', reason: 5 }, 400, /reason must be text/],
    ];
    for (const [body, status, message] of cases) {
      const r = await triage(pivot.id, id, body);
      assert.equal(r.response.status, status, JSON.stringify(body));
      assert.match(r.body.error, message);
    }
    const form = await fetch(`${api.url}/api/findings/${pivot.id}/${id}/triage`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${analystToken}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'action=acknowledged',
    });
    assert.equal(form.status, 415);
    assert.equal((await triage('no-such-hunt', id, { action: 'acknowledged' })).response.status, 404);
    assert.equal((await triage(pivot.id, 'f'.repeat(64), { action: 'acknowledged' })).response.status, 404);
    assert.equal((await triage(pivot.id, '../../x', { action: 'acknowledged' })).response.status, 404);
    assert.equal((await triage(other.id, id, { action: 'acknowledged' })).response.status, 404);
  });

  it('refuses missing, expired, wrong-audience, wrong-issuer, foreign-key and unsigned tokens with 401, no role with 403, changing nothing', async () => {
    const id = testFinding(pivot, 'host-4.test').id;
    const foreign = await generateKeyPair('RS256');
    const foreignToken = await new SignJWT({ ...ANALYST })
      .setProtectedHeader({ alg: 'RS256', kid: 'whatever' })
      .setIssuer(issuer.issuer)
      .setAudience(issuer.clientId)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(foreign.privateKey);
    const [header, payload] = analystToken.split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), roles: ['Hunts.Triage', 'Admin'] })).toString('base64url')}.${analystToken.split('.')[2]}`;
    const refused: [string, string | null, RegExp][] = [
      ['missing', null, /sign in/],
      ['expired', await issuer.sign(ANALYST, { expiresIn: -600 }), /expired/],
      ['never expiring', await issuer.sign(ANALYST, { expiresIn: null }), /no expiry/],
      ['wrong audience', await issuer.sign(ANALYST, { audience: '11111111-1111-1111-1111-111111111111' }), /another application/],
      ['wrong issuer', await issuer.sign(ANALYST, { issuer: 'https://login.microsoftonline.com/22222222-2222-2222-2222-222222222222/v2.0' }), /not issued by/],
      ['foreign key', foreignToken, /signature does not verify/],
      ['unsigned', unsigned, /not signed with RS256|not a valid/],
      ['tampered', tampered, /signature does not verify/],
      ['garbage', 'abc', /not a valid signed JWT/],
    ];
    const before = await snapshot(tables);
    for (const [what, token, message] of refused) {
      for (const r of [await triage(pivot.id, id, { action: 'false-positive', reason: 'x' }, token), await get(`/api/findings?hunt=${pivot.id}`, token)]) {
        assert.equal(r.response.status, 401, what);
        assert.match(r.response.headers.get('www-authenticate') ?? '', token ? /^Bearer error="invalid_token"$/ : /^Bearer$/, what);
        assert.match(r.body.error, message, what);
        assert.deepEqual(Object.keys(r.body), ['error']);
      }
    }
    const forbidden = await triage(pivot.id, id, { action: 'false-positive', reason: 'x' }, readerToken);
    assert.equal(forbidden.response.status, 403);
    assert.match(forbidden.body.error, /Hunts\.Triage/);
    assert.deepEqual(await snapshot(tables), before);
    // Reading needs no role.
    assert.equal((await get(`/api/findings?hunt=${pivot.id}`, readerToken)).response.status, 200);
  });

  it('runs: recent runs per hunt, the last success, owed and dead-lettered notices', async () => {
    const run = (status: 'succeeded' | 'failed', hour: number) =>
      store.recordRun({ huntId: pivot.id, runId: `r${hour}`, startedAt: new Date(Date.UTC(2026, 10, 20, hour)), window: { start: at('2026-11-19T00:00:00Z'), end: at('2026-11-20T00:00:00Z') }, status, rows: 3, findings: 2, newFindings: 1, excluded: 1, notified: 0, durationMs: 12, excludedByTriage: 1, ...(status === 'failed' ? { error: HOSTILE } : {}) });
    await run('succeeded', 8);
    await run('failed', 9);
    const { response, body } = await get(`/api/runs?hunt=${pivot.id}&limit=1`);
    assert.equal(response.status, 200);
    assert.equal(body.hunts.length, 1);
    const h = body.hunts[0];
    assert.equal(h.huntId, pivot.id);
    assert.equal(h.name, 'Pivot');
    assert.equal(h.schedule, pivot.schedule);
    assert.equal(h.lastRun.runId, 'r9');
    assert.equal(h.lastRun.status, 'failed');
    assert.equal(h.lastRun.error, HOSTILE);
    assert.equal(h.lastRun.startedAt, '2026-11-20T09:00:00.000Z');
    assert.equal(h.lastRun.excludedByTriage, 1);
    assert.equal(h.lastSuccess, '2026-11-20T08:00:00.000Z');
    assert.equal(h.runs.length, 1);
    // Each pivot finding was stored with teams configured and never sent; host-2's notice was withdrawn
    // when the triage test marked it a false positive (reopening does not bring it back).
    assert.deepEqual(h.owed, { teams: hosts.length - 1, webhook: 0 });
    assert.deepEqual(h.deadLettered, { teams: 0, webhook: 0 });
    const all = await get('/api/runs');
    assert.deepEqual(all.body.hunts.map((x: any) => [x.huntId, x.lastRun?.runId ?? null]), [[pivot.id, 'r9'], [other.id, null]]);
  });

  it('a false positive withdraws its notices not yet delivered; delivered ones stay as they were', async () => {
    const hunt = makeHunt({ name: 'Withdrawn' });
    const [fp, kept] = [testFinding(hunt, 'benign.test'), testFinding(hunt, 'real.test')];
    await store.reconcile(hunt, [fp, kept], 'run-1', at('2026-11-21T00:00:00Z'), ['teams', 'webhook']);
    const [webhookNotice] = (await store.owedNotices(hunt.id, 'webhook')).filter((n) => n.finding.id === fp.id);
    await store.recordDeliveries(hunt.id, 'webhook', [{ notice: webhookNotice!, result: { findingId: fp.id, ok: true } }], at('2026-11-21T00:01:00Z'), 10);

    const service = createFindingsApi({ hunts: [hunt], env: { ...issuer.env }, tables: () => tables });
    const local = await serve(service.handle);
    try {
      const r = await fetch(`${local.url}/api/findings/${hunt.id}/${fp.id}/triage`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${analystToken}` },
        body: JSON.stringify({ action: 'false-positive', reason: 'a lab host' }),
      });
      assert.equal(r.status, 200);
      const body = (await r.json()) as { finding: { delivery: Record<string, string> } };
      assert.deepEqual(body.finding.delivery, { teams: 'skipped', webhook: 'sent' });
    } finally {
      await close(local.server);
    }
    assert.deepEqual((await store.owedNotices(hunt.id, 'teams')).map((n) => n.finding.id), [kept.id]);
    assert.deepEqual((await store.owedNotices(hunt.id, 'teams', { deadLetters: true })).map((n) => n.finding.id), [kept.id], 'not even redeliver --failed sends it');
    assert.deepEqual((await store.owedNotices(hunt.id, 'webhook')).map((n) => n.finding.id), [kept.id]);
  });

  it('a false positive is dropped by the next run and reported as excluded by triage', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hunts-triage-'));
    try {
      const rows = ['fp.test', 'real.test'].map((Host) => JSON.stringify({ Timestamp: '2026-11-20T10:00:00Z', Host }));
      await writeFile(join(dir, 'HostEvents.ndjson'), `${rows.join('\n')}\n`);
      const hunt: Hunt = makeHunt({ name: 'Triage run', query: 'HostEvents | project Timestamp, Host' });
      const deps = { source: new LocalSource(dir), store, notifiers: [], now: () => at('2026-11-20T10:30:00Z') };
      const first = await runHunt(hunt, deps);
      assert.equal(first.status, 'succeeded', first.reason);
      assert.equal(first.newCount, 2);
      const fpId = first.findings.find((f) => f.finding.key.Host === 'fp.test')!.finding.id;

      const service = createFindingsApi({ hunts: [hunt], env: { ...issuer.env }, tables: () => tables });
      const local = await serve(service.handle);
      try {
        const r = await fetch(`${local.url}/api/findings/${hunt.id}/${fpId}/triage`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${analystToken}` },
          body: JSON.stringify({ action: 'false-positive', reason: 'a test host' }),
        });
        assert.equal(r.status, 200);
      } finally {
        await close(local.server);
      }

      const second = await runHunt(hunt, { ...deps, now: () => at('2026-11-20T11:00:00Z') });
      assert.equal(second.status, 'succeeded', second.reason);
      assert.equal(second.excludedByTriage, 1);
      assert.deepEqual(second.findings.map((f) => f.finding.key.Host), ['real.test']);
      const [record] = await store.listRuns(hunt.id, 1);
      assert.equal(record!.excludedByTriage, 1);
      // Raw runs show it again, as --no-exclusions shows what the exclusions hide.
      const raw = await runHunt(hunt, { ...deps, applyExclusions: false, now: () => at('2026-11-20T11:00:00Z') });
      assert.equal(raw.excludedByTriage, 0);
      assert.equal(raw.findings.length, 2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('findings API settings', () => {
  it('refuses every call with 503 naming the missing or test-only setting, never answering unchecked', async () => {
    const issuer = await startDevIssuer();
    const tables = createTableServiceConfig({ connectionString: 'UseDevelopmentStorage=true', tablePrefix: uniqueTablePrefix() });
    const token = await issuer.sign(ANALYST);
    const cases: [NodeJS.ProcessEnv, RegExp][] = [
      [{}, /API_TENANT_ID: is not set/],
      [{ API_TENANT_ID: issuer.tenantId }, /API_CLIENT_ID: is not set/],
      [{ API_TENANT_ID: 'contoso', API_CLIENT_ID: issuer.clientId }, /API_TENANT_ID: is not a GUID/],
      [{ ...issuer.env, API_ISSUER: 'https://evil.test/v2.0' }, /API_ISSUER: is for tests and local runs only/],
      [{ ...issuer.env, API_JWKS_URL: 'http://10.0.0.5/keys' }, /API_JWKS_URL: is for tests and local runs only/],
    ];
    try {
      for (const [env, message] of cases) {
        const api = createFindingsApi({ hunts: [], env, tables: () => tables });
        const response = await api.handle(new Request('http://127.0.0.1/api/findings', { headers: { Authorization: `Bearer ${token}` } }));
        assert.equal(response.status, 503);
        const body = (await response.json()) as { error: string };
        assert.match(body.error, message);
        assert.doesNotMatch(body.error, /evil\.test|10\.0\.0\.5|contoso/);
      }
    } finally {
      await issuer.stop();
    }
  });
});

/** Every entity of the findings and suppressions tables with its ETag: any write changes one. */
async function snapshot(tables: TableServiceConfig): Promise<string> {
  const out: string[] = [];
  for (const client of [tables.findings, tables.suppressions]) {
    for await (const e of client.listEntities()) out.push(`${client.tableName}/${e.partitionKey}/${e.rowKey}/${e.etag}`);
  }
  return out.sort().join('\n');
}

describe('token checks with the production issuers', () => {
  it("accepts Entra ID's v2.0 and v1.0 issuers and both audiences, records upn or oid when there is no preferred_username", async () => {
    const issuer = await startDevIssuer();
    const azurite = await withAzurite({ memory: true });
    try {
      const tables = createTableServiceConfig({ connectionString: azurite.connectionString, tablePrefix: uniqueTablePrefix() });
      const store = new TableFindingStore(tables);
      await store.ensureTables();
      const hunt = makeHunt();
      const finding = testFinding(hunt, 'a.test');
      await store.reconcile(hunt, [finding], 'r', at('2026-11-20T00:00:00Z'), []);
      // Only the keys are on loopback: the issuers are the tenant's real ones.
      const env = { API_TENANT_ID: issuer.tenantId, API_CLIENT_ID: issuer.clientId, API_JWKS_URL: issuer.jwksUrl, API_AUDIENCE: 'api://hunts.contoso.test' };
      const api = createFindingsApi({ hunts: [hunt], env, tables: () => tables });
      const triageAs = async (token: string) => {
        const response = await api.handle(
          new Request(`http://127.0.0.1/api/findings/${hunt.id}/${finding.id}/triage`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ action: 'acknowledged' }),
          }),
        );
        const body = (await response.json()) as any;
        return { status: response.status, by: body.finding?.triage.by, error: body.error };
      };
      const roles = ['Hunts.Triage'];
      const v2 = `https://login.microsoftonline.com/${issuer.tenantId}/v2.0`;
      const v1 = `https://sts.windows.net/${issuer.tenantId}/`;
      assert.deepEqual(await triageAs(await issuer.sign({ roles, preferred_username: 'v2@contoso.test' }, { issuer: v2 })), { status: 200, by: 'v2@contoso.test', error: undefined });
      assert.deepEqual(await triageAs(await issuer.sign({ roles, upn: 'v1@contoso.test' }, { issuer: v1, audience: `api://${issuer.clientId}` })), { status: 200, by: 'v1@contoso.test', error: undefined });
      assert.deepEqual(await triageAs(await issuer.sign({ roles, oid: 'f00d' }, { issuer: v2, audience: 'api://hunts.contoso.test' })), { status: 200, by: 'f00d', error: undefined });
      // The dev issuer itself is not one of them, nor another tenant.
      assert.equal((await triageAs(await issuer.sign({ roles, oid: 'x' }))).status, 401);
      assert.equal((await triageAs(await issuer.sign({ roles, oid: 'x' }, { issuer: 'https://login.microsoftonline.com/33333333-3333-3333-3333-333333333333/v2.0' }))).status, 401);
    } finally {
      await issuer.stop();
      await azurite.stop();
    }
  });

  it('answers 503, not 401, when the signing keys cannot be fetched', async () => {
    const issuer = await startDevIssuer();
    const token = await issuer.sign(ANALYST);
    const env = { ...issuer.env };
    await issuer.stop();
    const api = createFindingsApi({ hunts: [], env, tables: () => createTableServiceConfig({ connectionString: 'UseDevelopmentStorage=true' }) });
    const response = await api.handle(new Request('http://127.0.0.1/api/findings', { headers: { Authorization: `Bearer ${token}` } }));
    assert.equal(response.status, 503);
    assert.match(((await response.json()) as { error: string }).error, /signing keys could not be fetched/);
    assert.equal(response.headers.get('www-authenticate'), null);
  });
});

/**
 * What the delivery tests share: Azurite, a fake Log Analytics over HTTPS, and loopback Teams and webhook
 * receivers, all real servers on 127.0.0.1; hunts whose query returns N hosts, one finding each.
 */
import { after, before } from 'node:test';
import { TableClient } from '@azure/data-tables';
import type { Hunt } from '../../../src/hunts/hunt.js';
import { TeamsNotifier } from '../../../src/notify/teamsNotifier.js';
import { WebhookNotifier } from '../../../src/notify/webhookNotifier.js';
import type { RunDeps } from '../../../src/run/runHunt.js';
import { LogAnalyticsSource } from '../../../src/sources/logAnalytics.js';
import type { QueryResult } from '../../../src/sources/querySource.js';
import { huntFindingsFilter } from '../../../src/store/findingPartitions.js';
import { TableFindingStore } from '../../../src/store/tableFindingStore.js';
import { uniqueTablePrefix, withAzurite, type TestAzurite } from '../../support/azurite.js';
import { FAKE_WORKSPACE_ID, startFakeLogAnalytics, staticTokenCredential, successReply, trustOnly, type FakeLogAnalytics } from '../../support/fakeLogAnalytics.js';
import { duration, makeHunt } from '../../support/hunt.js';
import { FAST_RETRY } from '../../support/notify/server.js';

export const SECRET = `whsec_${Buffer.from('delivery-test-signing-secret-32b').toString('base64')}`;
export const HOUR = 3_600_000;
export const T0 = new Date('2026-11-20T12:00:00Z');
export const later = (hours: number) => new Date(T0.getTime() + hours * HOUR);

export function hostsResult(count: number, prefix = 'h'): QueryResult {
  return {
    columns: [{ name: 'Host', type: 'string' }, { name: 'FileOriginUrl', type: 'string' }, { name: 'Seen', type: 'long' }],
    rows: Array.from({ length: count }, (_, i) => ({ Host: `${prefix}${i}.example`, FileOriginUrl: `http://${prefix}${i}.example/p.exe`, Seen: i })),
  };
}

export function deliveryHunt(): Hunt {
  return makeHunt({
    query: 'DeviceFileEvents | project Host, FileOriginUrl, Seen',
    lookback: duration('PT6H', 6 * HOUR),
    ingestionDelay: duration('PT30M', 0.5 * HOUR),
    finding: { key: ['Host'], title: 'Downloads from {Host}', severity: 'High' },
  });
}

export interface World {
  azurite: TestAzurite;
  la: FakeLogAnalytics;
}

/**
 * Azurite and a fake Log Analytics (answering 500 until a test says otherwise) for the calling test
 * file: started before its tests (then `ready`, for the file's own setup), stopped after. The fields
 * are set once that `before` has run.
 */
export function sharedWorld(ready?: (world: World) => void): World {
  const world = {} as World;
  before(async () => {
    world.azurite = await withAzurite();
    world.la = await startFakeLogAnalytics(() => ({ status: 500, body: {} }));
    ready?.(world);
  });
  after(async () => {
    await Promise.all([world.azurite?.stop(), world.la?.stop()]);
  });
  return world;
}

/** A store on fresh tables, and a client on its findings table for checks. */
export async function freshStore(azurite: TestAzurite): Promise<{ store: TableFindingStore; prefix: string; findings: TableClient }> {
  const prefix = uniqueTablePrefix();
  const store = TableFindingStore.fromSettings({ connectionString: azurite.connectionString, tablePrefix: prefix });
  await store.ensureTables();
  const findings = TableClient.fromConnectionString(azurite.connectionString, `${prefix}Findings`, { allowInsecureConnection: true });
  return { store, prefix, findings };
}

export function answer(la: FakeLogAnalytics, result: QueryResult): void {
  la.setHandler(() => successReply(result));
}

export interface NotifierUrls {
  teams?: string;
  webhook?: string;
}

export function notifiers(urls: NotifierUrls, retries = 1, policy: Partial<typeof FAST_RETRY> = {}) {
  return [
    new TeamsNotifier({ url: urls.teams, minIntervalMs: 0, retryPolicy: { ...FAST_RETRY, ...policy, retries } }),
    new WebhookNotifier({ url: urls.webhook, secret: SECRET, retryPolicy: { ...FAST_RETRY, ...policy, retries } }),
  ];
}

export function runDeps(world: World, store: TableFindingStore, urls: NotifierUrls, now: Date, extra: Partial<RunDeps> = {}): RunDeps {
  return {
    source: new LogAnalyticsSource({ workspaceId: FAKE_WORKSPACE_ID, credential: staticTokenCredential(), endpoint: world.la.endpoint, clientOptions: trustOnly(world.la.ca) }),
    store,
    notifiers: notifiers(urls),
    now: () => now,
    ...extra,
  };
}

/** Every finding entity of a hunt: to count what was stored, and each channel's state. */
export async function storedFindings(findings: TableClient, huntId: string): Promise<Record<string, unknown>[]> {
  const all: Record<string, unknown>[] = [];
  for await (const e of findings.listEntities({ queryOptions: { filter: huntFindingsFilter(huntId), select: ['RowKey', 'teamsState', 'webhookState', 'webhookAttempts', 'teamsAttempts', 'timesSeen'] } })) all.push(e);
  return all;
}

/** How many times each webhook-id arrived. */
export function countIds(requests: { headers: Record<string, unknown> }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of requests) {
    const id = String(r.headers['webhook-id']);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

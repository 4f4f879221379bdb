/**
 * One side of the delivery bench, in a process of its own so its peak RSS is its own:
 * `node --import tsx bench/deliverySide.ts '<json DeliverySideRequest>'`; the last stdout line is its report.
 *
 * `per-delivery` is runHunt as shipped. `whole-batch` is the approach before it, rebuilt from the same
 * store and notifiers: every owed notice read at once, the whole batch sent (one Teams card for all),
 * then the current states read back and every result written. `layout` says where the findings live:
 * `one-partition` as before the sharded layout, `sharded` as shipped. The query is left out of both: the
 * source hands over the same generated rows.
 */
import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import type { Hunt } from '../src/hunts/hunt.js';
import { TeamsNotifier } from '../src/notify/teamsNotifier.js';
import { WebhookNotifier } from '../src/notify/webhookNotifier.js';
import { huntFindings } from '../src/run/huntFindings.js';
import { runHunt } from '../src/run/runHunt.js';
import type { QuerySource } from '../src/sources/querySource.js';
import { ONE_PARTITION_LAYOUT, SHARDED_LAYOUT } from '../src/store/findingPartitions.js';
import { TableFindingStore } from '../src/store/tableFindingStore.js';

export interface DeliverySideRequest {
  approach: 'per-delivery' | 'whole-batch';
  layout: 'one-partition' | 'sharded';
  findings: number;
  connectionString: string;
  tablePrefix: string;
  teamsUrl: string;
  webhookUrl: string;
  secret: string;
}

export interface DeliverySideReport {
  approach: DeliverySideRequest['approach'];
  ms: number;
  tableRequests: number;
  maxRssMb: number;
  sent: Record<string, number>;
}

const request = JSON.parse(process.argv[2]!) as DeliverySideRequest;
let tableRequests = 0;
// Every HTTP request the Table clients send, retries included.
type PipelinePolicy = NonNullable<TableServiceClientOptions['additionalPolicies']>[number]['policy'];
const counter: PipelinePolicy = { name: 'countTableRequests', sendRequest: (req, next) => ((tableRequests += 1), next(req)) };
const clientOptions = { additionalPolicies: [{ policy: counter, position: 'perRetry' as const }] };
const layout = request.layout === 'sharded' ? SHARDED_LAYOUT : ONE_PARTITION_LAYOUT;
const store = TableFindingStore.fromSettings({ connectionString: request.connectionString, tablePrefix: request.tablePrefix, clientOptions }, { layout });

const now = new Date('2026-11-20T12:00:00Z');
const hunt: Hunt = {
  id: `bench-delivery-${request.approach}-${request.layout}`,
  name: 'Delivery bench',
  description: '',
  query: 'DeviceFileEvents | project Host, FileOriginUrl, Seen',
  schedule: '0 0 * * * *',
  lookback: { iso: 'PT1H', ms: 3_600_000 },
  ingestionDelay: { iso: 'PT0S', ms: 0 },
  maxCatchUp: { iso: 'P1D', ms: 86_400_000 },
  finding: { key: ['Host'], keySource: 'finding.key', title: 'Downloads from {Host}', severity: 'High', renotifyAfter: null },
  exclusions: [],
  enabled: true,
  tactics: [],
  relevantTechniques: [],
  file: 'bench.yaml',
  slug: 'bench',
  raw: {},
};
const source: QuerySource = {
  name: 'generated',
  query: async () => ({
    columns: [{ name: 'Host', type: 'string' }, { name: 'FileOriginUrl', type: 'string' }, { name: 'Seen', type: 'long' }],
    rows: Array.from({ length: request.findings }, (_, i) => ({ Host: `h${i}.example`, FileOriginUrl: `http://h${i}.example/p.exe`, Seen: i })),
  }),
};
const notifiers = [new TeamsNotifier({ url: request.teamsUrl, minIntervalMs: 0 }), new WebhookNotifier({ url: request.webhookUrl, secret: request.secret })];

await store.ensureTables();
tableRequests = 0;
const started = performance.now();
const sent: Record<string, number> = {};
if (request.approach === 'per-delivery') {
  const report = await runHunt(hunt, { source, store, notifiers, now: () => now });
  if (report.status !== 'succeeded') throw new Error(`run ${report.status}: ${report.reason}`);
  for (const c of report.channels) sent[c.channel] = c.sent;
} else {
  const { findings } = await huntFindings(hunt, source, { start: new Date(now.getTime() - 3_600_000), end: now }, true);
  await store.reconcile(hunt, findings, 'bench', now, ['teams', 'webhook']);
  const raw = TableClient.fromConnectionString(request.connectionString, `${request.tablePrefix}Findings`, { ...clientOptions, allowInsecureConnection: true });
  for (const notifier of notifiers) {
    const owed = await store.owedNotices(hunt.id, notifier.channel);
    const results = await notifier.send(hunt, owed);
    // As markDelivered did: the states read back (one partition query from 200 ids on), then every result written.
    const states = new Map<string, unknown>();
    for await (const e of raw.listEntities({ queryOptions: { filter: layout.filter(hunt.id), select: ['RowKey', `${notifier.channel}State`, `${notifier.channel}Attempts`] } })) states.set(e.rowKey!, e);
    const byId = new Map(owed.map((n) => [n.finding.id, n]));
    const settled = results.filter((r) => states.has(r.findingId)).map((result) => ({ notice: byId.get(result.findingId)!, result }));
    const counts = await store.recordDeliveries(hunt.id, notifier.channel, settled, now, 10);
    sent[notifier.channel] = counts.sent;
  }
}
const ms = performance.now() - started;
const report: DeliverySideReport = { approach: request.approach, ms, tableRequests, maxRssMb: process.resourceUsage().maxRSS / 1024, sent };
process.stdout.write(`${JSON.stringify(report)}\n`);

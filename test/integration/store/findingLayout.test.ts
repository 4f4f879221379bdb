/**
 * The findings table's layout: a hunt's findings spread over shard partitions, findings an older
 * version kept in one partition per hunt moved over before anything reads them, and hunts whose ids
 * share a prefix kept apart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TableClient, type TableEntityResult } from '@azure/data-tables';
import { FINDING_SHARDS, findingPartition, huntFindingsFilter, legacyFindingPartition, partitionFilter } from '../../../src/store/findingPartitions.js';
import { TableFindingStore } from '../../../src/store/tableFindingStore.js';
import { makeHunt } from '../../support/hunt.js';
import { uniqueTablePrefix, withAzurite, type TestAzurite } from '../../support/azurite.js';
import { at, testFinding, testHunt } from './fixtures.js';

let azurite: TestAzurite;
let prefix: string;
const newStore = () => TableFindingStore.fromSettings({ connectionString: azurite.connectionString, tablePrefix: prefix });

before(async () => {
  azurite = await withAzurite();
  prefix = uniqueTablePrefix();
  await newStore().ensureTables();
});
after(() => azurite?.stop());

function rawFindings(): TableClient {
  return TableClient.fromConnectionString(azurite.connectionString, `${prefix}Findings`, { allowInsecureConnection: true });
}

async function entities(filter: string): Promise<TableEntityResult<Record<string, unknown>>[]> {
  const all: TableEntityResult<Record<string, unknown>>[] = [];
  for await (const e of rawFindings().listEntities<Record<string, unknown>>({ queryOptions: { filter } })) all.push(e);
  return all;
}

describe('finding layout', () => {
  it('spreads a hunt over its shard partitions', async () => {
    const hunt = testHunt();
    const findings = Array.from({ length: 200 }, (_, i) => testFinding(hunt, `host-${i}.example`));
    await newStore().reconcile(hunt, findings, 'r1', at('2025-08-01T00:00:00Z'), ['webhook']);
    const stored = await entities(huntFindingsFilter(hunt.id));
    assert.equal(stored.length, 200);
    for (const e of stored) assert.equal(e.partitionKey, findingPartition(hunt.id, e.rowKey!));
    assert.equal(new Set(stored.map((e) => e.partitionKey)).size, FINDING_SHARDS, '200 SHA-256 ids reach every shard');
  });

  it("moves an older version's findings out of the hunt's single partition, keeping what a half-done move already copied", async () => {
    const hunt = testHunt();
    const [f1, f2, f3, f4] = ['a', 'b', 'c', 'd'].map((h) => testFinding(hunt, `${h}.example`)) as [ReturnType<typeof testFinding>, ReturnType<typeof testFinding>, ReturnType<typeof testFinding>, ReturnType<typeof testFinding>];
    await newStore().reconcile(hunt, [f1, f2, f3], 'r1', at('2025-08-02T00:00:00Z'), ['webhook']);
    // Make it look like an older version wrote them: each entity in the hunt's own partition.
    const legacy = legacyFindingPartition(hunt.id);
    for (const e of await entities(huntFindingsFilter(hunt.id))) {
      const { etag: _e, timestamp: _t, partitionKey: pk, rowKey, ...fields } = e;
      await rawFindings().upsertEntity({ ...fields, partitionKey: legacy, rowKey: rowKey! }, 'Replace');
      // f3 was already copied when a move crashed, and seen by a run since: its copy stays; the others go.
      if (rowKey === f3.id) await rawFindings().updateEntity({ partitionKey: pk!, rowKey, timesSeen: 7 }, 'Merge');
      else await rawFindings().deleteEntity(pk!, rowKey!);
    }
    assert.equal((await entities(partitionFilter(legacy))).length, 3);

    const result = await newStore().reconcile(hunt, [f1, f2, f3, f4], 'r2', at('2025-08-02T01:00:00Z'), ['webhook']);
    const byId = new Map(result.findings.map((r) => [r.finding.id, r]));
    assert.deepEqual([f1, f2, f3, f4].map((f) => byId.get(f.id)!.status), ['seen', 'seen', 'seen', 'new']);
    assert.deepEqual([f1, f2, f3].map((f) => byId.get(f.id)!.timesSeen), [2, 2, 8]);
    assert.deepEqual(byId.get(f1.id)!.firstSeen, at('2025-08-02T00:00:00Z'), 'first seen survives the move');
    assert.equal((await entities(partitionFilter(legacy))).length, 0, 'nothing left in the old partition');
    assert.equal((await entities(huntFindingsFilter(hunt.id))).length, 4);
    // Notices owed from before the move are still owed, once each.
    const owed = await newStore().owedNotices(hunt.id, 'webhook');
    assert.deepEqual(owed.map((n) => n.finding.id).sort(), [f1, f2, f3, f4].map((f) => f.id).sort());
  });

  it("keeps apart hunts whose ids share a prefix, even when they find the same key", async () => {
    const base = makeHunt({ id: `shared-${uniqueTablePrefix()}` });
    const longer = makeHunt({ id: `${base.id}~a` });
    const store = newStore();
    await store.reconcile(base, [testFinding(base, 'same.example')], 'r1', at('2025-08-03T00:00:00Z'), ['webhook']);
    await store.reconcile(longer, [testFinding(longer, 'same.example'), testFinding(longer, 'other.example')], 'r1', at('2025-08-03T00:00:00Z'), ['webhook']);
    assert.equal((await store.owedNotices(base.id, 'webhook')).length, 1);
    assert.equal((await store.owedNotices(longer.id, 'webhook')).length, 2);
    // Many keys take the partition scan rather than point reads: still only this hunt's.
    const many = Array.from({ length: 250 }, (_, i) => testFinding(base, i === 0 ? 'same.example' : `many-${i}.example`));
    const again = await TableFindingStore.fromSettings({ connectionString: azurite.connectionString, tablePrefix: prefix }, { scanThreshold: 10 })
      .reconcile(base, many, 'r2', at('2025-08-03T01:00:00Z'), ['webhook']);
    assert.deepEqual([again.newCount, again.seenCount], [249, 1]);
  });
});

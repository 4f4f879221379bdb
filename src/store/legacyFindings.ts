/**
 * Moves a hunt's findings from the one partition older versions kept them in (named after the hunt) to
 * the sharded layout of findingPartitions.ts. Run under the hunt's lease before its findings are read,
 * so the rest of the store knows only the new layout.
 *
 * Copy first, then delete: a crash between the two leaves an entity in both places, and the next move
 * keeps the copy (it may have been written since) and only deletes the old one. Nothing is lost.
 */
import type { TableClient, TableEntityResult, TransactionAction } from '@azure/data-tables';
import { findingPartition, legacyFindingPartition, partitionFilter } from './findingPartitions.js';
import { getEntityOrNull, mapLimit, submitInTransactions } from './tableOps.js';

const PAGE = 500;
const READ_CONCURRENCY = 16;

/** Whether the hunt's legacy partition holds anything: one small request when it is empty. */
export async function hasLegacyFindings(findings: TableClient, huntId: string): Promise<boolean> {
  const pages = findings
    .listEntities<Record<string, unknown>>({ queryOptions: { filter: partitionFilter(legacyFindingPartition(huntId)), select: ['RowKey'] } })
    .byPage({ maxPageSize: 1 });
  // A filtered query may answer an empty page with a continuation.
  for await (const page of pages) if (page.length > 0) return true;
  return false;
}

/** Moves every legacy entity of the hunt; answers how many it found. One request when there are none. */
export async function moveLegacyFindings(findings: TableClient, huntId: string): Promise<number> {
  const legacy = legacyFindingPartition(huntId);
  let moved = 0;
  const pages = findings
    .listEntities<Record<string, unknown>>({ queryOptions: { filter: partitionFilter(legacy) } })
    .byPage({ maxPageSize: PAGE });
  for await (const page of pages) {
    if (page.length === 0) continue;
    const copied = await mapLimit(page, READ_CONCURRENCY, (e) =>
      getEntityOrNull(findings, findingPartition(huntId, e.rowKey!), e.rowKey!, ['RowKey']),
    );
    const copies: TransactionAction[] = [];
    page.forEach((entity, i) => {
      if (!copied[i]) copies.push(['upsert', { ...withoutMetadata(entity), partitionKey: findingPartition(huntId, entity.rowKey!) }, 'Replace']);
    });
    await submitInTransactions(findings, copies);
    await submitInTransactions(
      findings,
      page.map((e): TransactionAction => ['delete', { partitionKey: legacy, rowKey: e.rowKey! }]),
    );
    moved += page.length;
  }
  return moved;
}

function withoutMetadata(entity: TableEntityResult<Record<string, unknown>>): Record<string, unknown> & { rowKey: string } {
  const { etag: _etag, timestamp: _timestamp, partitionKey: _pk, ...fields } = entity;
  return fields as Record<string, unknown> & { rowKey: string };
}

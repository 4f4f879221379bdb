/** Small building blocks over TableClient: bounded reads, size-aware transactions, error status. */
import type { TableClient, TableEntity, TableEntityResult, TransactionAction } from '@azure/data-tables';

/** Entity-group transaction limits: 100 operations and a 4 MiB request (headers included). */
export const MAX_TRANSACTION_OPS = 100;
const MAX_TRANSACTION_BYTES = 3.5 * 1024 * 1024;
/** Per-operation multipart framing (boundaries, request line, headers), generously estimated. */
const OP_OVERHEAD_BYTES = 1_024;

export function restStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export async function getEntityOrNull<T extends object>(
  client: TableClient,
  partitionKey: string,
  rowKey: string,
  select?: string[],
): Promise<TableEntityResult<T> | null> {
  try {
    return await client.getEntity<T>(partitionKey, rowKey, select ? { queryOptions: { select } } : {});
  } catch (error) {
    if (restStatus(error) === 404) return null;
    throw error;
  }
}

/** Transactions in flight at once: each holds distinct entities, so they need no order among them. */
const TRANSACTION_CONCURRENCY = 4;

/**
 * Submits upserts/updates as entity-group transactions per partition, each within the operation and
 * size limits, a few at a time; a lone action is one plain request (a batch costs more for one entity).
 * Atomic per transaction only; the callers' writes are idempotent merges, so a retry after a partial
 * failure converges.
 */
export async function submitInTransactions(client: TableClient, actions: TransactionAction[]): Promise<void> {
  const byPartition = new Map<string, TransactionAction[]>();
  for (const action of actions) {
    const pk = action[1].partitionKey;
    const group = byPartition.get(pk);
    if (group) group.push(action);
    else byPartition.set(pk, [action]);
  }
  const chunks = [...byPartition.values()].flatMap(chunkBySize);
  await mapLimit(chunks, TRANSACTION_CONCURRENCY, (chunk) => (chunk.length === 1 ? submitOne(client, chunk[0]!) : client.submitTransaction(chunk).then(() => undefined)));
}

async function submitOne(client: TableClient, action: TransactionAction): Promise<void> {
  const [kind, entity] = action;
  const mode = action[2] === 'Replace' ? 'Replace' : 'Merge';
  if (kind === 'upsert') await client.upsertEntity(entity, mode);
  else if (kind === 'update') await client.updateEntity(entity, mode);
  else if (kind === 'create') await client.createEntity(entity);
  else await client.deleteEntity(entity.partitionKey, entity.rowKey);
}

function chunkBySize(actions: TransactionAction[]): TransactionAction[][] {
  const chunks: TransactionAction[][] = [];
  let current: TransactionAction[] = [];
  let bytes = 0;
  for (const action of actions) {
    const size = entityBytes(action[1]) + OP_OVERHEAD_BYTES;
    if (current.length > 0 && (current.length >= MAX_TRANSACTION_OPS || bytes + size > MAX_TRANSACTION_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(action);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function entityBytes(entity: TableEntity): number {
  return Buffer.byteLength(JSON.stringify(entity), 'utf8');
}

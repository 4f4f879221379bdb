/**
 * An analyst's verdict on a finding. The state is on the finding entity (triageState, triageBy,
 * triageAt, triageReason); a false positive also becomes a suppression, one entity per finding in the
 * suppressions table (PartitionKey hunt id, RowKey finding id), which later runs read before
 * reconcile and drop, as an exclusion drops a row. `reopen` removes it.
 */
import { odata, type TableClient } from '@azure/data-tables';
import { CHANNELS } from '../notify/notifier.js';
import { findingPartition } from './findingPartitions.js';
import type { DeliveryState } from './findingStore.js';
import type { TableServiceConfig } from './tableClients.js';
import { getEntityOrNull, restStatus } from './tableOps.js';

export const TRIAGE_STATES = ['open', 'acknowledged', 'false-positive'] as const;
export type TriageState = (typeof TRIAGE_STATES)[number];
export const TRIAGE_ACTIONS = ['acknowledged', 'false-positive', 'reopen'] as const;
export type TriageAction = (typeof TRIAGE_ACTIONS)[number];

export interface Suppression {
  findingId: string;
  by: string;
  at: Date;
  reason: string;
}

export interface TriageChange {
  action: TriageAction;
  /** Who decided: the token's preferred_username, upn or oid. */
  by: string;
  at: Date;
  reason?: string;
}

interface SuppressionEntity {
  by?: string;
  at?: Date;
  reason?: string;
}

/** The hunt's suppressed findings by id. One partition query: a hunt has as many as analysts marked. */
export async function readSuppressions(suppressions: TableClient, huntId: string): Promise<Map<string, Suppression>> {
  const found = new Map<string, Suppression>();
  const entities = suppressions.listEntities<SuppressionEntity>({ queryOptions: { filter: odata`PartitionKey eq ${huntId}` } });
  for await (const e of entities) {
    if (e.rowKey === undefined) continue;
    found.set(e.rowKey, { findingId: e.rowKey, by: e.by ?? '', at: e.at ?? new Date(0), reason: e.reason ?? '' });
  }
  return found;
}

/**
 * Writes the verdict; false when the finding does not exist (nothing is written then). The finding's
 * state is written first and the suppression after: each write is idempotent, so a request that failed
 * between them converges when it is sent again.
 */
export async function applyTriage(tables: Pick<TableServiceConfig, 'findings' | 'suppressions'>, huntId: string, findingId: string, change: TriageChange): Promise<boolean> {
  const state: TriageState = change.action === 'reopen' ? 'open' : change.action;
  const partitionKey = findingPartition(huntId, findingId);
  try {
    const withdrawn = state === 'false-positive' ? await withdrawOwedNotices(tables.findings, partitionKey, findingId) : {};
    if (withdrawn === null) return false;
    // Update (If-Match *), never upsert: a verdict never creates a finding.
    await tables.findings.updateEntity(
      {
        partitionKey,
        rowKey: findingId,
        triageState: state,
        triageBy: change.by,
        triageAt: change.at,
        triageReason: change.reason ?? '',
        ...withdrawn,
      },
      'Merge',
    );
  } catch (error) {
    if (restStatus(error) === 404) return false;
    throw error;
  }
  if (state === 'false-positive') {
    await tables.suppressions.upsertEntity(
      { partitionKey: huntId, rowKey: findingId, by: change.by, at: change.at, reason: change.reason ?? '' },
      'Replace',
    );
  } else {
    try {
      await tables.suppressions.deleteEntity(huntId, findingId);
    } catch (error) {
      if (restStatus(error) !== 404) throw error;
    }
  }
  return true;
}

const UNSENT: readonly DeliveryState[] = ['pending', 'retrying', 'failed'];

/**
 * A false positive's notices not yet delivered are withdrawn (skipped), so no later run or redelivery
 * opens a ticket for what an analyst has called benign; sent ones stay as they are. Null when the
 * finding does not exist.
 */
async function withdrawOwedNotices(findings: TableClient, partitionKey: string, findingId: string): Promise<Record<string, string> | null> {
  const states = await getEntityOrNull<Record<string, unknown>>(findings, partitionKey, findingId, CHANNELS.map((c) => `${c}State`));
  if (!states) return null;
  const fields: Record<string, string> = {};
  for (const channel of CHANNELS) {
    if (UNSENT.includes(states[`${channel}State`] as DeliveryState)) {
      fields[`${channel}State`] = 'skipped';
      fields[`${channel}LastError`] = 'withdrawn: marked a false positive';
    }
  }
  return fields;
}

/** A stored finding as the API shows it: ISO times, its triage, and the card's actions (findingLinks). */
import { findingLinks, type FindingLink, type LinkSettings } from '../findings/findingLinks.js';
import type { Hunt } from '../hunts/hunt.js';
import type { StoredFinding } from '../store/findingQueries.js';
import type { DeliveryState, RunRecord } from '../store/findingStore.js';
import type { TriageState } from '../store/triageStore.js';
import type { Channel } from '../notify/notifier.js';

export interface FindingJson {
  huntId: string;
  huntName: string;
  id: string;
  title: string;
  severity: string;
  state: TriageState;
  triage: { state: TriageState; by?: string; at?: string; reason?: string };
  firstSeen: string;
  lastSeen: string;
  timesSeen: number;
  eventTime?: string;
  key: Record<string, unknown>;
  row: Record<string, unknown>;
  delivery: Record<Channel, DeliveryState>;
  actions: FindingLink[];
}

/** The event's own time (the row's Timestamp or TimeGenerated), when the row has one that reads as a time. */
export function eventTime(row: Record<string, unknown>): string | undefined {
  for (const column of ['Timestamp', 'TimeGenerated']) {
    const value = row[column];
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const time = new Date(value);
    if (!Number.isNaN(time.getTime())) return time.toISOString();
  }
  return undefined;
}

export function findingJson(hunt: Hunt, f: StoredFinding, links: LinkSettings): FindingJson {
  const triage: FindingJson['triage'] = { state: f.triage.state };
  if (f.triage.by) triage.by = f.triage.by;
  if (f.triage.at) triage.at = f.triage.at.toISOString();
  if (f.triage.reason) triage.reason = f.triage.reason;
  const out: FindingJson = {
    huntId: f.huntId,
    huntName: hunt.name,
    id: f.id,
    title: f.title,
    severity: f.severity,
    state: f.triage.state,
    triage,
    firstSeen: f.firstSeen.toISOString(),
    lastSeen: f.lastSeen.toISOString(),
    timesSeen: f.timesSeen,
    key: f.key,
    row: f.row,
    delivery: f.delivery,
    actions: findingLinks({ hunt, findingId: f.id, key: f.key, row: f.row }, links),
  };
  const at = eventTime(f.row);
  if (at) out.eventTime = at;
  return out;
}

export function runJson(run: RunRecord): Record<string, unknown> {
  return {
    ...run,
    startedAt: run.startedAt.toISOString(),
    window: { start: run.window.start.toISOString(), end: run.window.end.toISOString() },
  };
}

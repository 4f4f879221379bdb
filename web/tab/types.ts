/** The API's JSON as the page reads it (the contract's shapes, times as ISO strings). Types only: nothing of src/ is bundled. */
import type { FindingJson } from '../../src/api/findingJson.js';
import type { RunRecord } from '../../src/store/findingStore.js';

export type { FindingLink } from '../../src/findings/findingLinks.js';

export type TriageState = 'open' | 'acknowledged' | 'false-positive';
export type TriageAction = 'acknowledged' | 'false-positive' | 'reopen';

/**
 * A finding as GET /api/findings gives it, typed from the API's own declaration, with the states the API
 * takes (it answers a state as a plain string).
 */
export type Finding = Omit<FindingJson, 'state' | 'triage'> & {
  state: TriageState;
  triage: Omit<FindingJson['triage'], 'state'> & { state: TriageState };
};

export interface FindingsPage {
  findings: Finding[];
  next: string | null;
}

/** The store's RunRecord as JSON: its times as ISO strings. */
export type Run = {
  [K in keyof RunRecord]: RunRecord[K] extends Date ? string : RunRecord[K] extends { start: Date; end: Date } ? { start: string; end: string } : RunRecord[K];
};

export interface PerChannel {
  teams: number;
  webhook: number;
}

export interface HuntHealth {
  huntId: string;
  name: string;
  schedule: string;
  lastRun: Run | null;
  lastSuccess: string | null;
  owed: PerChannel;
  deadLettered: PerChannel;
  runs: Run[];
}

export interface RunsReply {
  hunts: HuntHealth[];
}

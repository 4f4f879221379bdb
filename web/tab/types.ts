/** The API's JSON as the page reads it (the contract's shapes, times as ISO strings). Types only: nothing of src/ is bundled. */
import type { FindingJson } from '../../src/api/findingJson.js';
import type { RunRecord } from '../../src/store/findingStore.js';

export type { FindingLink } from '../../src/findings/findingLinks.js';
export type { TriageAction, TriageState } from '../../src/store/triageStore.js';

/** A finding as GET /api/findings and the triage answer give it. */
export type Finding = FindingJson;

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

/** The API's JSON as the page reads it (the contract's shapes, times as ISO strings). */

export type TriageState = 'open' | 'acknowledged' | 'false-positive';
export type TriageAction = 'acknowledged' | 'false-positive' | 'reopen';

export interface FindingLink {
  kind: 'device' | 'file' | 'logAnalytics' | 'advancedHunting' | 'tab';
  title: string;
  url: string;
}

export interface Finding {
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
  delivery: { teams: unknown; webhook: unknown };
  actions: FindingLink[];
}

export interface FindingsPage {
  findings: Finding[];
  next: string | null;
}

export interface Run {
  huntId: string;
  runId: string;
  startedAt: string;
  window: { start: string; end: string };
  status: 'succeeded' | 'failed' | 'skipped';
  rows: number;
  findings: number;
  newFindings: number;
  excluded: number;
  notified: number;
  durationMs: number;
  error?: string;
  failedNotices?: number;
  deadLettered?: number;
  deliveryIncomplete?: boolean;
}

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

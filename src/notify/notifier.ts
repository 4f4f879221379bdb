import type { Finding } from '../findings/finding.js';
import type { Hunt } from '../hunts/hunt.js';

export type Channel = 'teams' | 'webhook';
export const CHANNELS: readonly Channel[] = ['teams', 'webhook'];

/** A finding that is owed a notice on one channel. */
export interface Notice {
  finding: Finding;
  /** Stable per notice (finding id + notice sequence): receivers dedupe on it. */
  noticeId: string;
  reason: 'new' | 'renotify';
  firstSeen: Date;
  lastSeen: Date;
  timesSeen: number;
  /** Columns of `finding.row` shortened (or a marker for dropped ones) when it was stored; [] or absent if none. */
  truncated?: string[];
}

export interface NoticeResult {
  findingId: string;
  ok: boolean;
  /** Set when !ok: short, safe to store and log (no secrets, no URLs with tokens). */
  error?: string;
}

/** What would be sent, for dry runs and the CLI's "would post" output. */
export interface Preview {
  channel: Channel;
  contentType: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface Notifier {
  readonly channel: Channel;
  /** False when no URL is configured: the run skips the channel and says so. */
  readonly configured: boolean;
  /** Sends every notice; never throws for one bad finding, answers per finding. */
  send(hunt: Hunt, notices: Notice[]): Promise<NoticeResult[]>;
  /** The payloads `send` would post for these notices, without sending anything. */
  preview(hunt: Hunt, notices: Notice[]): Preview[];
}

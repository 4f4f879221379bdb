import type { Finding } from '../findings/finding.js';
import type { Hunt } from '../hunts/hunt.js';
import type { Deadline } from '../util/deadline.js';

export type Channel = 'teams' | 'webhook';
export const CHANNELS: readonly Channel[] = ['teams', 'webhook'];

/** A finding that is owed a notice on one channel. */
export interface Notice {
  finding: Finding;
  /** Stable per notice (finding id + notice sequence): receivers dedupe on it. */
  noticeId: string;
  reason: 'new' | 'renotify';
  firstSeen: Date;
  /** When this notice was created (the finding's sighting that made it owed): fixed for the notice. */
  lastSeen: Date;
  /** timesSeen when this notice was created: fixed for the notice, so every attempt sends the same body. */
  timesSeen: number;
  /** Columns of `finding.row` shortened (or a marker for dropped ones) when it was stored; [] or absent if none. */
  truncated?: string[];
  /** The hunt's name when the notice was made, so a renamed hunt re-sends the same body; absent before it was kept. */
  huntName?: string;
}

export interface NoticeResult {
  findingId: string;
  ok: boolean;
  /** Set when !ok: short, safe to store and log (no secrets, no URLs with tokens). */
  error?: string;
  /** The post was cut short by the run's deadline: it may or may not have arrived. */
  stopped?: boolean;
}

export interface SendOptions {
  /** No post starts after it; posts in flight are aborted at it. A notice never tried gets no result. */
  deadline?: Deadline;
  /**
   * Results as they settle (a card's notices together). Awaited before that slot starts another post, so
   * results not yet recorded never outnumber the posts in flight; a rejection stops the send and rejects it.
   */
  onSettled?: (results: NoticeResult[]) => Promise<void>;
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
  /** Sends the notices; never throws for one bad finding, answers per notice tried (all, unless the deadline came). */
  send(hunt: Hunt, notices: Notice[], options?: SendOptions): Promise<NoticeResult[]>;
  /** The payloads `send` would post for these notices, without sending anything. */
  preview(hunt: Hunt, notices: Notice[]): Preview[];
}

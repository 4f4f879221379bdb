import { CloudEvent, HTTP } from 'cloudevents';
import { Webhook } from 'standardwebhooks';
import type { Hunt, Severity } from '../hunts/hunt.js';
import { inertJson } from '../util/escape.js';
import { telemetryJson } from '../util/telemetryJson.js';
import type { Notice } from './notifier.js';

/**
 * The webhook's wire format: one CloudEvents 1.0 event per notice in structured JSON mode, signed per
 * Standard Webhooks. The event id is the notice id, so a receiver that dedupes on it (or on webhook-id,
 * the same value) opens one ticket however often the notice is retried or re-sent. The contract is
 * written down in README.md ("Webhook contract") and as a JSON Schema in docs/webhook-event.schema.json.
 */

export const DEFAULT_EVENT_SOURCE = 'urn:scheduled-hunts';
export const FINDING_EVENT_TYPES = {
  new: 'com.scheduled-hunts.finding.new',
  renotify: 'com.scheduled-hunts.finding.renotify',
} as const satisfies Record<Notice['reason'], string>;

export interface FindingEventData {
  huntId: string;
  huntName: string;
  severity: Severity;
  /** Raw telemetry, as are `key` and `row`: a receiver that renders them must escape them itself. */
  title: string;
  findingId: string;
  key: Record<string, unknown>;
  row: Record<string, unknown>;
  firstSeen: string;
  lastSeen: string;
  timesSeen: number;
  reason: Notice['reason'];
  /** Row columns whose value was shortened to fit storage (and `…droppedColumns` when some were dropped). */
  truncated: string[];
}

export interface SerializedEvent {
  event: CloudEvent<FindingEventData>;
  contentType: string;
  /** Exactly the bytes that are signed and posted. */
  body: string;
}

/** Plain JSON of a telemetry value: Dates as ISO strings, bigints as strings, undefined dropped. */
function plainJson<T>(value: T): T {
  return JSON.parse(telemetryJson(value)) as T;
}

/**
 * The event for one notice. Every attempt at a notice must carry the same body, so this reads only the
 * notice (frozen when the notice was made, the hunt's name included) and the configured source: no clock, no
 * store. The hunt's current name is read only for notices stored before names were frozen.
 */
export function findingEvent(hunt: Pick<Hunt, 'name'>, notice: Notice, source: string): CloudEvent<FindingEventData> {
  const { finding } = notice;
  return new CloudEvent<FindingEventData>({
    specversion: '1.0',
    id: notice.noticeId,
    type: FINDING_EVENT_TYPES[notice.reason],
    source,
    subject: finding.id,
    // The occurrence is the finding's latest sighting: fixed per notice, so a re-sent event has the same body.
    time: notice.lastSeen.toISOString(),
    datacontenttype: 'application/json',
    data: {
      huntId: finding.huntId,
      huntName: notice.huntName ?? hunt.name,
      severity: finding.severity,
      title: finding.title,
      findingId: finding.id,
      key: plainJson(finding.key),
      row: plainJson(finding.row),
      firstSeen: notice.firstSeen.toISOString(),
      lastSeen: notice.lastSeen.toISOString(),
      timesSeen: notice.timesSeen,
      reason: notice.reason,
      truncated: [...(notice.truncated ?? [])],
    },
  });
}

export function serializeEvent(event: CloudEvent<FindingEventData>): SerializedEvent {
  const message = HTTP.structured(event);
  const contentType = String(message.headers['content-type']);
  // Same JSON value, but a receiver that logs or displays the raw body sees hidden characters as \uXXXX.
  return { event, contentType, body: inertJson(String(message.body)) };
}

export interface SignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** Standard Webhooks headers for one attempt; the timestamp is the attempt's, so late retries still verify. */
export function signatureHeaders(signer: Webhook, id: string, body: string, at: Date): SignatureHeaders {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signer.sign(id, at, body),
  };
}

/** A header value carries no CR/LF or non-ASCII: a notice id that would is refused, never sent. */
export function isSafeHeaderValue(value: string): boolean {
  return /^[\x21-\x7E]{1,255}$/.test(value);
}

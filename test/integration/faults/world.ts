/**
 * What the fault-injection tests share on top of the delivery harness: receivers that keep what they
 * accepted (and can act mid-request, to kill a run or stop Azurite), notifiers whose Teams card lists
 * every finding (so "every finding reached Teams" is checkable from the cards), and the checks every
 * recovery must pass.
 */
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import type { TableClient } from '@azure/data-tables';
import { Webhook } from 'standardwebhooks';
import type { Hunt } from '../../../src/hunts/hunt.js';
import { TeamsNotifier } from '../../../src/notify/teamsNotifier.js';
import { WebhookNotifier } from '../../../src/notify/webhookNotifier.js';
import type { TableFindingStore } from '../../../src/store/tableFindingStore.js';
import { reply, startReceiver, type ReceivedRequest, type TestReceiver } from '../../support/notify/server.js';
import { FAST_RETRY } from '../../support/notify/server.js';
import { SECRET, storedFindings, type NotifierUrls } from '../delivery/harness.js';

/** Webhook events in flight at once (the notifier's default): the most a crash may send twice. */
export const WEBHOOK_CONCURRENCY = 4;

/** Both notifiers as the harness makes them, with a Teams card that lists up to `findingsPerCard`. */
export function listingNotifiers(urls: NotifierUrls, findingsPerCard: number, retries = 1) {
  const retryPolicy = { ...FAST_RETRY, retries };
  return [
    new TeamsNotifier({ url: urls.teams, minIntervalMs: 0, maxFindingsPerCard: findingsPerCard, retryPolicy }),
    new WebhookNotifier({ url: urls.webhook, secret: SECRET, concurrency: WEBHOOK_CONCURRENCY, retryPolicy }),
  ];
}

/** What a receiver does with one request: a status (and headers), after `before` (which may kill or stop things). */
export type Answer = (request: ReceivedRequest, index: number) => { status: number; headers?: Record<string, string> } | Promise<{ status: number; headers?: Record<string, string> }>;

export interface Recorder extends TestReceiver {
  /** Requests answered 2xx. */
  accepted: ReceivedRequest[];
}

/** A receiver that answers with `answer` and keeps the requests it accepted. */
export async function recorder(answer: Answer): Promise<Recorder> {
  const accepted: ReceivedRequest[] = [];
  const receiver = await startReceiver(async (request, index, res: ServerResponse) => {
    const { status, headers } = await answer(request, index);
    if (status >= 200 && status < 300) accepted.push(request);
    reply(res, status, headers);
  });
  return { ...receiver, accepted };
}

/** A ticketing endpoint: 401 for a bad signature, else what `answer` says (default 204). */
export function signedRecorder(answer: Answer = () => ({ status: 204 })): Promise<Recorder> {
  const verifier = new Webhook(SECRET);
  return recorder((request, index) => {
    try {
      verifier.verify(request.body, request.headers as Record<string, string>);
    } catch {
      return { status: 401 };
    }
    return answer(request, index);
  });
}

/** Accepted requests per webhook-id. */
export function acceptedIds(webhook: Recorder): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of webhook.accepted) {
    const id = String(r.headers['webhook-id']);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Hosts h0..h{n-1} (hostsResult) that no accepted Teams card lists. */
export function hostsMissingFromCards(teams: Recorder, n: number): string[] {
  const cards = teams.accepted.map((r) => r.body);
  return Array.from({ length: n }, (_, i) => `h${i}`).filter((h) => !cards.some((card) => new RegExp(`\\b${h}\\b`).test(card)));
}

export interface Expected {
  /** Findings the query returns (hostsResult(n)). */
  findings: number;
  /** Most webhook ids accepted twice (what was in flight). */
  webhookDoubles: number;
  /** Most Teams cards beyond one per run that had something to announce. */
  teamsCards: number;
}

/**
 * After recovery: every finding stored once with both channels sent, every webhook id accepted at least
 * once with doubles bounded, every finding in an accepted Teams card, no more cards than allowed.
 */
export async function assertRecovered(
  hunt: Hunt,
  store: TableFindingStore,
  findings: TableClient,
  receivers: { teams: Recorder; webhook: Recorder },
  expected: Expected,
  context: string,
): Promise<void> {
  const stored = await storedFindings(findings, hunt.id);
  assert.equal(stored.length, expected.findings, `${context}: every finding stored once`);
  assert.deepEqual(stored.filter((e) => e.teamsState !== 'sent' || e.webhookState !== 'sent').map((e) => [e.RowKey, e.teamsState, e.webhookState]), [], `${context}: every notice sent`);
  const ids = acceptedIds(receivers.webhook);
  assert.equal(ids.size, expected.findings, `${context}: every webhook notice accepted`);
  const doubles = receivers.webhook.accepted.length - ids.size;
  assert.ok(doubles <= expected.webhookDoubles, `${context}: ${doubles} webhook ids accepted twice, at most ${expected.webhookDoubles} allowed`);
  assert.deepEqual(hostsMissingFromCards(receivers.teams, expected.findings), [], `${context}: every finding in an accepted Teams card`);
  assert.ok(receivers.teams.accepted.length <= expected.teamsCards, `${context}: ${receivers.teams.accepted.length} Teams cards, at most ${expected.teamsCards}`);
  for (const channel of ['teams', 'webhook'] as const) {
    assert.deepEqual(await store.owedNotices(hunt.id, channel, { deadLetters: true }), [], `${context}: nothing owed on ${channel}`);
  }
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NoticeResult } from '../../../src/notify/notifier.js';
import type { TeamsMessage } from '../../../src/notify/teamsCard.js';
import { TeamsNotifier, type TeamsNotifierOptions } from '../../../src/notify/teamsNotifier.js';
import { testHunt, testNotice, testNotices } from '../../support/notify/fixtures.js';
import { FAST_RETRY, reply, startReceiver, withReceiver, type Responder, type TestReceiver } from '../../support/notify/server.js';

// Workflows URLs carry their signature in the query: it must never reach an error message.
const SECRET_QUERY = '?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sig=TopSecretSignature0123456789';

function notifier(receiver: TestReceiver, options: TeamsNotifierOptions = {}): TeamsNotifier {
  return new TeamsNotifier({
    url: receiver.url + SECRET_QUERY,
    minIntervalMs: 0,
    retries: 3,
    retryPolicy: FAST_RETRY,
    ...options,
  });
}

function assertFailedSafely(results: NoticeResult[], expected: RegExp): void {
  for (const result of results) {
    assert.equal(result.ok, false);
    assert.match(result.error ?? '', expected);
    assert.ok(!result.error!.includes('127.0.0.1'), result.error);
    assert.ok(!result.error!.includes('sig='), result.error);
    assert.ok(!result.error!.includes('TopSecretSignature'), result.error);
    assert.ok(result.error!.length < 200, result.error);
  }
}

describe('TeamsNotifier against a loopback server', () => {
  it('posts one card for all notices and answers ok for each', async () => {
    await withReceiver((_req, _i, res) => reply(res, 202), async (receiver) => {
      const notices = testNotices(15);
      const results = await notifier(receiver).send(testHunt(), notices);
      assert.equal(receiver.requests.length, 1);
      const [request] = receiver.requests;
      assert.equal(request.method, 'POST');
      assert.equal(request.url, '/hook' + SECRET_QUERY);
      assert.match(String(request.headers['content-type']), /^application\/json/);
      const message = JSON.parse(request.body) as TeamsMessage;
      assert.equal(message.type, 'message');
      assert.equal(message.attachments[0].contentType, 'application/vnd.microsoft.card.adaptive');
      assert.equal(message.attachments[0].contentUrl, null);
      assert.equal(message.attachments[0].content.version, '1.5');
      assert.ok(Buffer.byteLength(request.body) < 28_000);
      assert.deepEqual(
        results,
        notices.map((n) => ({ findingId: n.finding.id, ok: true })),
      );
    });
  });

  it('retries a 429 after the Retry-After it asks for (capped), then succeeds', async () => {
    const respond: Responder = (_req, i, res) => (i === 0 ? reply(res, 429, { 'retry-after': '120' }) : reply(res, 200));
    await withReceiver(respond, async (receiver) => {
      const started = Date.now();
      const results = await notifier(receiver, { retryPolicy: { ...FAST_RETRY, maxRetryAfterMs: 300 } }).send(testHunt(), testNotices(2));
      assert.ok(results.every((r) => r.ok), JSON.stringify(results));
      assert.equal(receiver.requests.length, 2);
      const waited = receiver.requests[1].at - receiver.requests[0].at;
      assert.ok(waited >= 280, `waited ${waited} ms, Retry-After capped at 300 ms`);
      assert.ok(Date.now() - started < 3_000, 'the 120 s Retry-After was capped');
    });
  });

  it('honours a Retry-After given as an HTTP date', async () => {
    const respond: Responder = (_req, i, res) =>
      i === 0 ? reply(res, 503, { 'retry-after': new Date(Date.now() + 60_000).toUTCString() }) : reply(res, 200);
    await withReceiver(respond, async (receiver) => {
      const results = await notifier(receiver, { retryPolicy: { ...FAST_RETRY, maxRetryAfterMs: 200 } }).send(testHunt(), testNotices(1));
      assert.equal(results[0].ok, true);
      assert.ok(receiver.requests[1].at - receiver.requests[0].at >= 180);
    });
  });

  it('fails with a short error and no URL when the server answers 500 every time', async () => {
    await withReceiver((_req, _i, res) => reply(res, 500, {}, 'boom'), async (receiver) => {
      const results = await notifier(receiver, { retries: 2 }).send(testHunt(), testNotices(3));
      assert.equal(receiver.requests.length, 3, 'first attempt and two retries');
      assert.equal(results.length, 3);
      assertFailedSafely(results, /^Teams webhook answered 500 Internal Server Error after 3 attempts$/);
    });
  });

  it('does not retry other 4xx answers', async () => {
    await withReceiver((_req, _i, res) => reply(res, 400, {}, '{"error":{"code":"InvalidCard"}}'), async (receiver) => {
      const results = await notifier(receiver).send(testHunt(), testNotices(2));
      assert.equal(receiver.requests.length, 1);
      assertFailedSafely(results, /^Teams webhook answered 400 Bad Request$/);
    });
  });

  it('does not follow redirects', async () => {
    await withReceiver((_req, _i, res) => reply(res, 302, { location: 'http://127.0.0.1:9/elsewhere' }), async (receiver) => {
      const results = await notifier(receiver).send(testHunt(), testNotices(1));
      assert.equal(receiver.requests.length, 1);
      assertFailedSafely(results, /answered 302 Found \(redirects are not followed\)/);
    });
  });

  it('retries a refused connection, then fails without naming the address', async () => {
    const receiver = await startReceiver((_req, _i, res) => reply(res, 200));
    await receiver.close();
    const results = await notifier(receiver, { retries: 1 }).send(testHunt(), testNotices(2));
    assertFailedSafely(results, /^Teams webhook unreachable \(ECONNREFUSED\) after 2 attempts$/);
  });

  it('gives up on an attempt that gets no answer in time', async () => {
    await withReceiver(() => undefined, async (receiver) => {
      const results = await notifier(receiver, { retries: 0, retryPolicy: { ...FAST_RETRY, timeoutMs: 150 } }).send(testHunt(), testNotices(1));
      assertFailedSafely(results, /no answer within 150 ms/);
    });
  });

  it('paces posts to one URL', async () => {
    await withReceiver((_req, _i, res) => reply(res, 200), async (receiver) => {
      // Pacing spaces the starts of posts; arrival times at the server add connection jitter.
      const at: number[] = [];
      const timedFetch: typeof fetch = (input, init) => {
        at.push(performance.now());
        return fetch(input, init);
      };
      const teams = notifier(receiver, { minIntervalMs: 150, fetch: timedFetch });
      await Promise.all([teams.send(testHunt(), testNotices(1)), teams.send(testHunt(), testNotices(1)), teams.send(testHunt(), testNotices(1))]);
      assert.equal(at.length, 3);
      assert.equal(receiver.requests.length, 3);
      assert.ok(at[1] - at[0] >= 140 && at[2] - at[1] >= 140, `gaps ${at[1] - at[0]}, ${at[2] - at[1]}`);
    });
  });

  it('previews the card without posting it', async () => {
    await withReceiver((_req, _i, res) => reply(res, 200), async (receiver) => {
      const previews = notifier(receiver).preview(testHunt(), [testNotice({ title: 'http://evil.example/x' })]);
      assert.equal(receiver.requests.length, 0);
      assert.equal(previews.length, 1);
      assert.equal(previews[0].channel, 'teams');
      assert.equal(previews[0].contentType, 'application/json');
      const body = JSON.stringify(previews[0].body);
      assert.ok(body.includes('hxxp') && !body.includes('http://evil'));
      assert.ok(!JSON.stringify(previews).includes('sig='));
    });
  });

  it('sends nothing for no notices', async () => {
    await withReceiver((_req, _i, res) => reply(res, 200), async (receiver) => {
      assert.deepEqual(await notifier(receiver).send(testHunt(), []), []);
      assert.equal(receiver.requests.length, 0);
    });
  });
});

describe('TeamsNotifier without a URL', () => {
  it('is not configured and fails every notice with the setting to set', async () => {
    const teams = new TeamsNotifier({});
    assert.equal(teams.configured, false);
    assert.equal(teams.channel, 'teams');
    const results = await teams.send(testHunt(), testNotices(2));
    assert.ok(results.every((r) => !r.ok && /TEAMS_WEBHOOK_URL/.test(r.error ?? '')));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HTTP, type CloudEventV1 } from 'cloudevents';
import { Webhook } from 'standardwebhooks';
import { NotifierConfigError } from '../../../src/notify/config.js';
import type { FindingEventData } from '../../../src/notify/webhookEvent.js';
import { WebhookNotifier, type WebhookNotifierOptions } from '../../../src/notify/webhookNotifier.js';
import { testHunt, testNotice, testNotices } from '../../support/notify/fixtures.js';
import { FAST_RETRY, reply, withReceiver, type ReceivedRequest, type Responder, type TestReceiver } from '../../support/notify/server.js';

const SECRET = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
const URL_TOKEN = '?code=FunctionKeySecret987';

function notifier(receiver: TestReceiver, options: WebhookNotifierOptions = {}): WebhookNotifier {
  return new WebhookNotifier({ url: receiver.url + URL_TOKEN, secret: SECRET, retries: 3, retryPolicy: FAST_RETRY, ...options });
}

function headersOf(request: ReceivedRequest): Record<string, string> {
  return Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
}

/** What a receiver does: verify the Standard Webhooks signature, then parse the CloudEvent. */
function verifiedEvent(request: ReceivedRequest, secret = SECRET): CloudEventV1<FindingEventData> {
  new Webhook(secret).verify(request.body, headersOf(request));
  return HTTP.toEvent({ headers: request.headers, body: request.body }) as CloudEventV1<FindingEventData>;
}

const ok: Responder = (_req, _i, res) => reply(res, 204);

describe('WebhookNotifier against a loopback server', () => {
  it('posts one signed CloudEvent per notice', async () => {
    await withReceiver(ok, async (receiver) => {
      const hunt = testHunt();
      const notices = [testNotice({ title: '[x](http://evil.example) **b**' }), testNotice({ reason: 'renotify', timesSeen: 3 })];
      const results = await notifier(receiver, { source: 'urn:test-hunts' }).send(hunt, notices);
      assert.deepEqual(results, notices.map((n) => ({ findingId: n.finding.id, ok: true })));
      assert.equal(receiver.requests.length, 2);

      for (const notice of notices) {
        const request = receiver.requests.find((r) => r.headers['webhook-id'] === notice.noticeId);
        assert.ok(request, `a request for ${notice.noticeId}`);
        assert.equal(request.url, '/hook' + URL_TOKEN);
        assert.match(String(request.headers['content-type']), /^application\/cloudevents\+json/);
        assert.match(String(request.headers['webhook-timestamp']), /^\d{10}$/);
        assert.match(String(request.headers['webhook-signature']), /^v1,[A-Za-z0-9+/]+=*$/);
        const event = verifiedEvent(request);
        assert.equal(event.specversion, '1.0');
        assert.equal(event.id, notice.noticeId);
        assert.equal(event.type, notice.reason === 'new' ? 'com.scheduled-hunts.finding.new' : 'com.scheduled-hunts.finding.renotify');
        assert.equal(event.source, 'urn:test-hunts');
        assert.equal(event.subject, notice.finding.id);
        assert.equal(event.time, notice.lastSeen.toISOString());
        assert.equal(event.datacontenttype, 'application/json');
        assert.deepEqual(event.data, {
          huntId: hunt.id,
          huntName: hunt.name,
          severity: notice.finding.severity,
          title: notice.finding.title,
          findingId: notice.finding.id,
          key: notice.finding.key,
          row: JSON.parse(JSON.stringify(notice.finding.row)),
          firstSeen: notice.firstSeen.toISOString(),
          lastSeen: notice.lastSeen.toISOString(),
          timesSeen: notice.timesSeen,
          reason: notice.reason,
          truncated: [],
        });
      }
    });
  });

  it('refuses a signature made with another secret (the test server really checks)', async () => {
    await withReceiver(ok, async (receiver) => {
      await notifier(receiver).send(testHunt(), testNotices(1));
      const other = `whsec_${Buffer.from('another-secret-of-32-bytes-long!').toString('base64')}`;
      assert.throws(() => verifiedEvent(receiver.requests[0], other), /signature/i);
    });
  });

  it('keeps webhook-id and body across a retry, re-signing each attempt', async () => {
    const respond: Responder = (_req, i, res) => (i === 0 ? reply(res, 503, { 'retry-after': '0' }) : reply(res, 200));
    await withReceiver(respond, async (receiver) => {
      const notice = testNotice();
      const [result] = await notifier(receiver).send(testHunt(), [notice]);
      assert.equal(result.ok, true);
      assert.equal(receiver.requests.length, 2);
      const [first, second] = receiver.requests;
      assert.equal(first.headers['webhook-id'], notice.noticeId);
      assert.equal(second.headers['webhook-id'], notice.noticeId);
      assert.equal(second.body, first.body);
      verifiedEvent(first);
      verifiedEvent(second);
    });
  });

  it('gives a re-sent notice the same id and body', async () => {
    await withReceiver(ok, async (receiver) => {
      const notice = testNotice();
      await notifier(receiver).send(testHunt(), [notice]);
      await notifier(receiver).send(testHunt(), [notice]);
      assert.equal(receiver.requests[0].headers['webhook-id'], receiver.requests[1].headers['webhook-id']);
      assert.equal(receiver.requests[0].body, receiver.requests[1].body);
    });
  });

  it('retries 408 and 429, honouring Retry-After', async () => {
    const respond: Responder = (_req, i, res) =>
      i === 0 ? reply(res, 408) : i === 1 ? reply(res, 429, { 'retry-after': '30' }) : reply(res, 200);
    await withReceiver(respond, async (receiver) => {
      const [result] = await notifier(receiver, { retryPolicy: { ...FAST_RETRY, maxRetryAfterMs: 200 } }).send(testHunt(), testNotices(1));
      assert.equal(result.ok, true);
      assert.equal(receiver.requests.length, 3);
      assert.ok(receiver.requests[2].at - receiver.requests[1].at >= 180);
    });
  });

  it('does not retry a 400', async () => {
    await withReceiver((_req, _i, res) => reply(res, 400), async (receiver) => {
      const [result] = await notifier(receiver).send(testHunt(), testNotices(1));
      assert.equal(receiver.requests.length, 1);
      assert.equal(result.ok, false);
      assert.equal(result.error, 'webhook answered 400 Bad Request');
    });
  });

  it('fails one notice without touching the others', async () => {
    const notices = testNotices(6);
    const bad = notices[2].noticeId;
    const respond: Responder = (req, _i, res) => (req.headers['webhook-id'] === bad ? reply(res, 422) : reply(res, 200));
    await withReceiver(respond, async (receiver) => {
      const results = await notifier(receiver).send(testHunt(), notices);
      assert.deepEqual(
        results.map((r) => [r.findingId, r.ok]),
        notices.map((n) => [n.finding.id, n.noticeId !== bad]),
      );
      assert.match(results[2].error ?? '', /^webhook answered 422 Unprocessable Entity$/);
      assert.equal(receiver.requests.length, 6);
    });
  });

  it('fails a notice whose id cannot be a header, without sending it', async () => {
    await withReceiver(ok, async (receiver) => {
      const notices = [testNotice({ noticeId: 'abc\r\nx-injected: 1' }), testNotice()];
      const results = await notifier(receiver).send(testHunt(), notices);
      assert.equal(results[0].ok, false);
      assert.match(results[0].error ?? '', /webhook-id/);
      assert.ok(!/[\r\n]/.test(results[0].error ?? ''));
      assert.equal(results[1].ok, true);
      assert.equal(receiver.requests.length, 1);
      assert.equal(receiver.requests[0].headers['x-injected'], undefined);
    });
  });

  it('keeps at most `concurrency` events in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const respond: Responder = async (_req, _i, res) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 30));
      inFlight -= 1;
      reply(res, 200);
    };
    await withReceiver(respond, async (receiver) => {
      const results = await notifier(receiver, { concurrency: 3 }).send(testHunt(), testNotices(10));
      assert.ok(results.every((r) => r.ok));
      assert.equal(most, 3);
    });
  });

  it('fails with a short error and no URL when the server answers 500 every time', async () => {
    await withReceiver((_req, _i, res) => reply(res, 500), async (receiver) => {
      const results = await notifier(receiver, { retries: 2 }).send(testHunt(), testNotices(2));
      assert.equal(receiver.requests.length, 6);
      for (const result of results) {
        assert.equal(result.error, 'webhook answered 500 Internal Server Error after 3 attempts');
        assert.ok(!result.error.includes('FunctionKeySecret') && !result.error.includes('127.0.0.1'));
      }
    });
  });

  it('previews signed events without sending', async () => {
    await withReceiver(ok, async (receiver) => {
      const notice = testNotice();
      const [preview] = notifier(receiver).preview(testHunt(), [notice]);
      assert.equal(receiver.requests.length, 0);
      assert.equal(preview.channel, 'webhook');
      assert.match(preview.contentType, /^application\/cloudevents\+json/);
      assert.equal(preview.headers['webhook-id'], notice.noticeId);
      const body = JSON.stringify(preview.body);
      new Webhook(SECRET).verify(body, preview.headers);
      assert.equal((preview.body as { id: string }).id, notice.noticeId);
    });
  });
});

describe('WebhookNotifier configuration', () => {
  it('is not configured without a URL, and previews unsigned with a note', async () => {
    const webhook = new WebhookNotifier({});
    assert.equal(webhook.configured, false);
    const [preview] = webhook.preview(testHunt(), testNotices(1));
    assert.equal(preview.headers['webhook-signature'], undefined);
    assert.match(preview.note ?? '', /WEBHOOK_SECRET/);
    const results = await webhook.send(testHunt(), testNotices(1));
    assert.match(results[0].error ?? '', /WEBHOOK_URL/);
  });

  it('refuses a URL without a secret, naming WEBHOOK_SECRET', () => {
    assert.throws(
      () => new WebhookNotifier({ url: 'http://127.0.0.1:1/hook' }),
      (error: unknown) => error instanceof NotifierConfigError && error.setting === 'WEBHOOK_SECRET' && /WEBHOOK_SECRET/.test(error.message),
    );
  });

  it('refuses a secret that is not base64, without echoing it', () => {
    assert.throws(
      () => new WebhookNotifier({ url: 'http://127.0.0.1:1/hook', secret: 'whsec_not base64!!' }),
      (error: unknown) => error instanceof NotifierConfigError && !error.message.includes('not base64!!'),
    );
  });
});

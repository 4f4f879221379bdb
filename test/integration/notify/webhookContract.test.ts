/**
 * The webhook contract as README.md and docs/webhook-event.schema.json state it, checked on real events:
 * the WebhookNotifier posts to receivers on 127.0.0.1, and the shipped example receiver runs as a user runs it.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { Webhook } from 'standardwebhooks';
import type { Notice } from '../../../src/notify/notifier.js';
import { DEFAULT_EVENT_SOURCE, findingEvent, serializeEvent, signatureHeaders } from '../../../src/notify/webhookEvent.js';
import { WebhookNotifier } from '../../../src/notify/webhookNotifier.js';
import { cappedRowJson, DROPPED_COLUMNS } from '../../../src/store/entityLimits.js';
import { testHunt, testNotice } from '../../support/notify/fixtures.js';
import { FAST_RETRY, reply, withReceiver } from '../../support/notify/server.js';
import { ROOT } from '../../support/seeds.js';

const SECRET = `whsec_${Buffer.from('contract-test-secret-32-bytes!!!').toString('base64')}`;
const SCHEMA_FILE = join(ROOT, 'docs/webhook-event.schema.json');
const EXAMPLE_RECEIVER = join(ROOT, 'examples/webhook-receiver.mjs');

function schemaValidator(): ValidateFunction {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object);
}

function notifier(url: string): WebhookNotifier {
  return new WebhookNotifier({ url, secret: SECRET, retries: 2, retryPolicy: FAST_RETRY });
}

/** A notice as the store gives it back for a row too big to keep whole: the row capped, the cut columns named. */
function truncatedNotice(): { notice: Notice; fullUrl: string; longKey: string } {
  const fullUrl = `https://cdn.evil.example/${'a'.repeat(100_000)}.exe`;
  const longKey = `C:\\${'k'.repeat(20_000)}\\payload.exe`;
  const key = { DeviceName: 'pc-1', FolderPath: longKey };
  const capped = cappedRowJson({ ...key, FileOriginUrl: fullUrl, FileName: 'payload.exe' });
  const notice = testNotice({ key, row: JSON.parse(capped.json) as Record<string, unknown> });
  return { notice: { ...notice, truncated: capped.truncatedColumns }, fullUrl, longKey };
}

/** A row with more columns than storage keeps: the trailing ones are dropped and counted. */
function droppedColumnsNotice(): Notice {
  const row = Object.fromEntries(Array.from({ length: 3_000 }, (_, i) => [`Column${i}`, `value ${i}`]));
  const capped = cappedRowJson(row);
  const notice = testNotice({ row: JSON.parse(capped.json) as Record<string, unknown> });
  return { ...notice, truncated: capped.truncatedColumns };
}

function errorsOf(validate: ValidateFunction, value: unknown): string {
  validate(value);
  return JSON.stringify(validate.errors);
}

describe('the webhook contract', () => {
  let validate: ValidateFunction;
  before(() => {
    validate = schemaValidator();
  });

  it('real events (new, renotify, truncated) match the JSON Schema, with the documented headers', async () => {
    const { notice: cut, fullUrl, longKey } = truncatedNotice();
    const dropped = droppedColumnsNotice();
    const notices = [testNotice(), testNotice({ reason: 'renotify', timesSeen: 7 }), cut, dropped];
    await withReceiver((_req, _i, res) => reply(res, 204), async (receiver) => {
      const results = await notifier(receiver.url).send(testHunt(), notices);
      assert.ok(results.every((r) => r.ok), JSON.stringify(results));
      for (const notice of notices) {
        const request = receiver.requests.find((r) => r.headers['webhook-id'] === notice.noticeId);
        assert.ok(request);
        assert.equal(request.headers['content-type'], 'application/cloudevents+json; charset=utf-8');
        assert.match(String(request.headers['webhook-timestamp']), /^\d+$/);
        assert.match(String(request.headers['webhook-signature']), /^v1,[A-Za-z0-9+/]+=*$/);
        const event = new Webhook(SECRET).verify(request.body, request.headers as Record<string, string>) as {
          id: string;
          type: string;
          data: { reason: string; key: unknown; row: Record<string, string>; truncated: string[] };
        };
        assert.ok(validate(event), errorsOf(validate, event));
        assert.equal(event.id, notice.noticeId);
        assert.equal(event.type, `com.scheduled-hunts.finding.${notice.reason}`);
        assert.deepEqual(event.data.key, notice.finding.key, 'the key arrives whole');
        if (notice === cut) {
          // The row's copy of the long key column is cut like any value; data.key keeps it whole.
          assert.deepEqual(event.data.truncated, ['FolderPath', 'FileOriginUrl']);
          assert.ok(event.data.row.FileOriginUrl.length < fullUrl.length && event.data.row.FileOriginUrl.endsWith('…'));
          assert.ok(fullUrl.startsWith(event.data.row.FileOriginUrl.slice(0, -1)));
          assert.equal((event.data.key as { FolderPath: string }).FolderPath, longKey);
        } else if (notice === dropped) {
          assert.deepEqual(event.data.truncated, [DROPPED_COLUMNS]);
          assert.equal(Number(event.data.row[DROPPED_COLUMNS]), 3_000 - (Object.keys(event.data.row).length - 1));
        } else {
          assert.deepEqual(event.data.truncated, []);
        }
      }
    });
  });

  it('the schema is not vacuous: it refuses what the contract rules out', () => {
    const good = JSON.parse(serializeEvent(findingEvent(testHunt(), testNotice(), DEFAULT_EVENT_SOURCE)).body) as Record<string, unknown> & {
      data: Record<string, unknown>;
    };
    assert.ok(validate(good), errorsOf(validate, good));
    const broken: [string, unknown][] = [
      ['a renotify type with reason new', { ...good, type: 'com.scheduled-hunts.finding.renotify' }],
      ['an unknown type', { ...good, type: 'com.scheduled-hunts.finding.other' }],
      ['no truncated list', { ...good, data: { ...good.data, truncated: undefined } }],
      ['an undocumented data field', { ...good, data: { ...good.data, extra: 1 } }],
      ['an undocumented attribute', { ...good, extension: 'x' }],
      ['a finding id that is not a SHA-256', { ...good, subject: 'abc' }],
      ['a time that is not a date-time', { ...good, time: 'yesterday' }],
      ['a webhook-id with a space', { ...good, id: 'a b' }],
      ['timesSeen 0', { ...good, data: { ...good.data, timesSeen: 0 } }],
    ];
    for (const [what, event] of broken) assert.equal(validate(JSON.parse(JSON.stringify(event))), false, what);
  });

  it('a notice has one body, byte for byte, on every attempt and from every instance', async () => {
    const { notice } = truncatedNotice();
    const bodies: string[] = [];
    await withReceiver((_req, i, res) => reply(res, i === 0 ? 503 : 204, { 'retry-after': '0' }), async (receiver) => {
      await notifier(receiver.url).send(testHunt(), [notice]);
      // A later run re-sends the same stored notice through a new notifier (a new process, in practice).
      await notifier(receiver.url).send(testHunt(), [structuredClone(notice)]);
      bodies.push(...receiver.requests.map((r) => r.body));
      assert.equal(new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size, 1);
    });
    assert.equal(bodies.length, 3, 'one 503, its retry, and the re-send');
    assert.equal(new Set(bodies).size, 1);
  });
});

/** Lines a child writes to stdout, and a way to wait for the nth one without guessing how long it takes. */
function lines(child: ChildProcessWithoutNullStreams): { all: string[]; nth(n: number): Promise<string> } {
  const all: string[] = [];
  const waiting: { n: number; resolve: (line: string) => void; reject: (e: Error) => void }[] = [];
  const settle = () => {
    for (const w of [...waiting]) {
      if (all.length >= w.n) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(all[w.n - 1]);
      }
    }
  };
  createInterface({ input: child.stdout }).on('line', (line) => {
    all.push(line);
    settle();
  });
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`the example receiver exited (${code}) before line ${w.n}`));
  });
  return { all, nth: (n) => new Promise((resolve, reject) => (waiting.push({ n, resolve, reject }), settle())) };
}

describe('examples/webhook-receiver.mjs', () => {
  let child: ChildProcessWithoutNullStreams;
  let out: ReturnType<typeof lines>;
  let url: string;
  let stderr = '';

  before(async () => {
    child = spawn(process.execPath, [EXAMPLE_RECEIVER], { cwd: ROOT, env: { ...process.env, WEBHOOK_SECRET: SECRET, PORT: '0' } });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    out = lines(child);
    const first = await out.nth(1).catch((e: Error) => assert.fail(`${e.message}: ${stderr}`));
    url = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(first)?.[1] ?? assert.fail(first);
  });

  after(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    }
  });

  it('is the receiver README.md shows, line for line', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const shown = /## Webhook contract[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.equal(shown, readFileSync(EXAMPLE_RECEIVER, 'utf8'));
  });

  it('accepts signed events, once per webhook-id', async () => {
    const [a, b, c] = [testNotice(), testNotice({ reason: 'renotify', timesSeen: 2 }), testNotice()];
    const send = notifier(url);
    assert.ok((await send.send(testHunt(), [a])).every((r) => r.ok));
    assert.ok((await send.send(testHunt(), [b, a])).every((r) => r.ok), 'a re-delivery is acknowledged too');
    assert.ok((await send.send(testHunt(), [c])).every((r) => r.ok));
    await out.nth(4);
    const logged = out.all.slice(1).map((l) => JSON.parse(l) as { id: string; type: string; finding: string });
    // stdout keeps order: a logged duplicate of `a` would sit before `c`.
    assert.deepEqual(logged.map((l) => l.id), [a.noticeId, b.noticeId, c.noticeId]);
    assert.equal(logged[1].type, 'com.scheduled-hunts.finding.renotify');
    assert.equal(logged[2].finding, c.finding.id);
  });

  it('rejects a tampered body, a foreign signature and an unsigned post with 401', async () => {
    const notice = testNotice({ title: 'payload.exe on pc-9' });
    const { body, contentType } = serializeEvent(findingEvent(testHunt(), notice, DEFAULT_EVENT_SOURCE));
    const signed = signatureHeaders(new Webhook(SECRET), notice.noticeId, body, new Date());
    const foreign = `whsec_${Buffer.from('some-other-secret-of-32-bytes!!!').toString('base64')}`;
    const post = (headers: object, payload: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body: payload }).then((r) => r.status);

    assert.equal(await post(signed, body.replace('pc-9', 'pc-8')), 401);
    assert.equal(await post(signatureHeaders(new Webhook(foreign), notice.noticeId, body, new Date()), body), 401);
    assert.equal(await post({ 'webhook-id': notice.noticeId }, body), 401);
    assert.equal(await post(signed, body), 204, 'the untouched body with the same headers is accepted');
  });
});

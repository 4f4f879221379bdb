import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import {
  DEFAULT_EVENT_SOURCE,
  findingEvent,
  isSafeHeaderValue,
  serializeEvent,
  signatureHeaders,
} from '../../../src/notify/webhookEvent.js';
import { testHunt, testNotice } from '../../support/notify/fixtures.js';

const SECRET = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;

describe('finding event', () => {
  it('is a CloudEvents 1.0 event keyed by the notice id', () => {
    const notice = testNotice({ reason: 'renotify' });
    const event = findingEvent(testHunt(), notice, DEFAULT_EVENT_SOURCE);
    assert.equal(event.specversion, '1.0');
    assert.equal(event.id, notice.noticeId);
    assert.equal(event.type, 'com.scheduled-hunts.finding.renotify');
    assert.equal(event.source, 'urn:scheduled-hunts');
    assert.equal(event.subject, notice.finding.id);
    assert.equal(event.datacontenttype, 'application/json');
    assert.equal(event.data?.reason, 'renotify');
    assert.equal(event.data?.row.Timestamp, '2024-05-01T10:00:00.000Z');
  });

  it('serializes to the same bytes every time (re-sends carry one body)', () => {
    const notice = testNotice();
    const a = serializeEvent(findingEvent(testHunt(), notice, DEFAULT_EVENT_SOURCE));
    const b = serializeEvent(findingEvent(testHunt(), notice, DEFAULT_EVENT_SOURCE));
    assert.equal(a.body, b.body);
    assert.match(a.contentType, /^application\/cloudevents\+json/);
  });

  it('is a function of the notice alone: the clock and the hunt object cannot change its bytes', (t) => {
    const notice = testNotice({ reason: 'renotify', timesSeen: 4 });
    const build = () => serializeEvent(findingEvent(testHunt(), structuredClone(notice), DEFAULT_EVENT_SOURCE)).body;
    t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2030-01-01T00:00:00Z') });
    const first = build();
    t.mock.timers.tick(86_400_000 * 400);
    assert.equal(build(), first);
    const other = serializeEvent(findingEvent(testHunt({ schedule: '0 */5 * * * *', lookback: { iso: 'P30D', ms: 30 * 86_400_000 } }), notice, DEFAULT_EVENT_SOURCE)).body;
    assert.equal(other, first, 'only the hunt name is read from the hunt');
  });

  it('keeps the hunt name the notice was made under, so renaming the hunt changes no re-sent body', () => {
    const notice = { ...testNotice(), huntName: 'Name when made' };
    const body = (name: string) => serializeEvent(findingEvent(testHunt({ name }), notice, DEFAULT_EVENT_SOURCE)).body;
    assert.equal(body('Renamed since'), body('Name when made'));
    assert.equal((JSON.parse(body('Renamed since')) as { data: { huntName: string } }).data.huntName, 'Name when made');
    const older = testNotice();
    assert.equal((JSON.parse(serializeEvent(findingEvent(testHunt({ name: 'Current' }), older, DEFAULT_EVENT_SOURCE)).body) as { data: { huntName: string } }).data.huntName, 'Current', 'a notice stored before names were kept');
  });

  it('lists the columns cut for size, and an empty list when the row is whole', () => {
    const whole = JSON.parse(serializeEvent(findingEvent(testHunt(), testNotice(), DEFAULT_EVENT_SOURCE)).body) as { data: { truncated: string[] } };
    assert.deepEqual(whole.data.truncated, []);
    const notice = { ...testNotice(), truncated: ['FileOriginUrl', '…droppedColumns'] };
    const cut = JSON.parse(serializeEvent(findingEvent(testHunt(), notice, DEFAULT_EVENT_SOURCE)).body) as { data: { truncated: string[] } };
    assert.deepEqual(cut.data.truncated, ['FileOriginUrl', '…droppedColumns']);
  });

  it('carries rows that plain JSON cannot: bigints as strings, nested dynamic values', () => {
    const notice = testNotice({ row: { Big: 2n ** 70n, Bag: { a: [1, { b: 'c' }] }, Missing: undefined } });
    const { body } = serializeEvent(findingEvent(testHunt(), notice, DEFAULT_EVENT_SOURCE));
    const row = (JSON.parse(body) as { data: { row: Record<string, unknown> } }).data.row;
    assert.deepEqual(row, { Big: '1180591620717411303424', Bag: { a: [1, { b: 'c' }] } });
  });

  it('keeps hostile telemetry intact inside JSON (JSON is the escape)', () => {
    const title = '</script>"\u0000\r\n[x](http://evil.example)';
    const { body } = serializeEvent(findingEvent(testHunt(), testNotice({ title }), DEFAULT_EVENT_SOURCE));
    assert.ok(!/[\u0000-\u001f]/.test(body));
    assert.equal((JSON.parse(body) as { data: { title: string } }).data.title, title);
  });

  it('writes characters a log viewer would hide as \\u escapes, keeping the value', () => {
    const title = 'invoice\u202Efdp.exe from evil\u00AD.com \u{E0041}';
    const { body } = serializeEvent(findingEvent(testHunt(), testNotice({ title }), DEFAULT_EVENT_SOURCE));
    assert.match(body, /invoice\\u202efdp\.exe from evil\\u00ad\.com \\udb40\\udc41/);
    assert.equal((JSON.parse(body) as { data: { title: string } }).data.title, title);
  });
});

describe('signature headers', () => {
  it('verify with the standardwebhooks library', () => {
    const body = '{"a":1}';
    const headers = signatureHeaders(new Webhook(SECRET), 'msg_1', body, new Date());
    assert.equal(headers['webhook-id'], 'msg_1');
    assert.deepEqual(new Webhook(SECRET).verify(body, { ...headers }), { a: 1 });
  });

  it('only accept notice ids that are safe header values', () => {
    assert.ok(isSafeHeaderValue('0123abcd.1'));
    for (const bad of ['', 'a b', 'a\r\nb', 'é', 'x'.repeat(256)]) assert.equal(isSafeHeaderValue(bad), false, bad);
  });
});

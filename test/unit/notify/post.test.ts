import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRetryableStatus, parseRetryAfter, postWithRetry, DEFAULT_RETRY_POLICY } from '../../../src/notify/post.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-05-01T10:00:00Z');

  it('reads delta-seconds', () => {
    assert.equal(parseRetryAfter('0', now), 0);
    assert.equal(parseRetryAfter(' 30 ', now), 30_000);
  });

  it('reads an HTTP date, and a past one as no wait', () => {
    assert.equal(parseRetryAfter('Wed, 01 May 2024 10:00:45 GMT', now), 45_000);
    assert.equal(parseRetryAfter('Wed, 01 May 2024 09:00:00 GMT', now), 0);
  });

  it('ignores absent or unreadable values', () => {
    for (const value of [null, undefined, '', '-5', '1.5', 'soon', '2024-05-01']) assert.equal(parseRetryAfter(value, now), undefined, String(value));
  });
});

describe('isRetryableStatus', () => {
  it('retries 408, 429 and 5xx only', () => {
    assert.deepEqual(
      [400, 401, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504].filter(isRetryableStatus),
      [408, 429, 500, 502, 503, 504],
    );
  });
});

describe('postWithRetry', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, retries: 2, minBackoffMs: 1, maxBackoffMs: 2 };
  const url = 'https://hooks.example.invalid/x?sig=SECRET';

  it('never throws: a failing request builder is a failed outcome, not retried', async () => {
    let calls = 0;
    const outcome = await postWithRetry({
      url,
      label: 'test',
      policy,
      fetch: async () => {
        calls += 1;
        return new Response(null, { status: 200 });
      },
      request: () => {
        throw new Error('no key');
      },
    });
    assert.equal(outcome.ok, false);
    assert.equal(calls, 0);
    assert.equal(outcome.attempts, 1);
    assert.match(!outcome.ok ? outcome.error : '', /could not build the request: no key/);
  });

  it('removes the URL and its query from any error text that echoes them', async () => {
    const outcome = await postWithRetry({
      url,
      label: 'test',
      policy: { ...policy, retries: 0 },
      fetch: async () => new Response(null, { status: 418, statusText: `teapot at ${url}` }),
      request: () => ({ headers: {}, body: '' }),
    });
    assert.equal(outcome.ok, false);
    const error = !outcome.ok ? outcome.error : '';
    assert.ok(!error.includes('SECRET') && !error.includes('hooks.example'), error);
  });

  it('keeps server text short and free of control characters', async () => {
    const outcome = await postWithRetry({
      url,
      label: 'test',
      policy: { ...policy, retries: 0 },
      fetch: async () => new Response(null, { status: 400, statusText: `Bad\u001b[31m${'x'.repeat(500)}` }),
      request: () => ({ headers: {}, body: '' }),
    });
    const error = !outcome.ok ? outcome.error : '';
    assert.ok(!error.includes('\u001b'));
    assert.ok(error.length < 120, error);
  });
});

describe('postWithRetry against the run deadline', () => {
  it('aborts the attempt in flight when the deadline comes, and says it stopped (not failed)', async () => {
    const { createServer } = await import('node:http');
    const { deadlineAfter } = await import('../../../src/util/deadline.js');
    // A receiver that never answers.
    const server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const outcome = await postWithRetry({
        url: `http://127.0.0.1:${port}/hook`,
        label: 'webhook',
        fetch,
        policy: { ...DEFAULT_RETRY_POLICY, timeoutMs: 600_000, maxTotalMs: 600_000 },
        request: () => ({ headers: {}, body: '{}' }),
        deadline: deadlineAfter(200),
      });
      assert.deepEqual(outcome, { ok: false, attempts: 1, stopped: true, error: "webhook stopped at the run's deadline" });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('does not start a retry whose backoff would run past the deadline', async () => {
    const { deadlineAfter } = await import('../../../src/util/deadline.js');
    let calls = 0;
    const outcome = await postWithRetry({
      url: 'https://hooks.example.invalid/x',
      label: 'webhook',
      fetch: async () => {
        calls += 1;
        return new Response('', { status: 503 });
      },
      policy: { ...DEFAULT_RETRY_POLICY, minBackoffMs: 3_600_000, maxBackoffMs: 3_600_000 },
      request: () => ({ headers: {}, body: '{}' }),
      deadline: deadlineAfter(60_000),
    });
    assert.equal(calls, 1);
    assert.equal(outcome.ok, false);
    assert.match(outcome.ok ? '' : outcome.error, /answered 503/);
  });
});

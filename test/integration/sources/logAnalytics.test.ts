import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { LogsQueryClient } from '@azure/monitor-query-logs';
import { AggregateAuthenticationError, CredentialUnavailableError, ManagedIdentityCredential } from '@azure/identity';
import { chooseAzureCredential, createAzureCredential } from '../../../src/sources/azureCredential.js';
import { logAnalyticsSourceFromEnv } from '../../../src/sources/fromSettings.js';
import { SettingsError } from '../../../src/util/settingsError.js';
import { LogAnalyticsSource } from '../../../src/sources/logAnalytics.js';
import { QueryFailedError, type QueryResult } from '../../../src/sources/querySource.js';
import {
  answerWith,
  FAKE_TOKEN,
  FAKE_WORKSPACE_ID,
  oneApiError,
  partialReply,
  staticTokenCredential,
  startFakeLogAnalytics,
  successReply,
  truncatedReply,
  trustOnly,
  type FakeLogAnalytics,
} from '../../support/fakeLogAnalytics.js';

const window = { start: new Date('2024-05-01T00:00:00.000Z'), end: new Date('2024-05-02T06:30:00.000Z') };

// The seed hunt's shape, verbatim-style KQL with quotes, pipes, newlines and non-ASCII.
const KQL = `DeviceFileEvents
| where ActionType == "FileCreated" and FileOriginUrl has 'http' // déjà vu
| summarize Count = count() by Host = tostring(parse_url(FileOriginUrl).Host)`;

const sample: QueryResult = {
  columns: [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'Host', type: 'string' },
    { name: 'Count', type: 'long' },
    { name: 'Extra', type: 'dynamic' },
    { name: 'Seen', type: 'bool' },
    { name: 'Score', type: 'real' },
  ],
  rows: [
    {
      TimeGenerated: new Date('2024-05-01T12:34:56.789Z'),
      Host: 'evil.example',
      Count: 3,
      Extra: { urls: ['http://evil.example/a.exe'], n: 1 },
      Seen: true,
      Score: 0.5,
    },
    { TimeGenerated: null, Host: '', Count: 0, Extra: null, Seen: false, Score: null },
  ],
};

let fake: FakeLogAnalytics;

before(async () => {
  fake = await startFakeLogAnalytics(answerWith(sample));
});
after(async () => {
  await fake.stop();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.setHandler(answerWith(sample));
});

async function rejectsWith(promise: Promise<unknown>, code: QueryFailedError['code'], pattern: RegExp) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof QueryFailedError, `expected QueryFailedError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    assert.doesNotMatch(error.message, new RegExp(FAKE_TOKEN));
    return true;
  });
}

describe('LogAnalyticsSource against the fake Log Analytics API', () => {
  test('converts datetime, dynamic, long, bool and real columns the way the SDK does', async () => {
    const result = await fake.source().query(KQL, window);
    assert.deepEqual(result.columns, sample.columns);
    assert.equal(result.rows.length, 2);
    const [first, second] = result.rows;
    assert.ok(first.TimeGenerated instanceof Date);
    assert.equal((first.TimeGenerated as Date).toISOString(), '2024-05-01T12:34:56.789Z');
    assert.deepEqual(first.Extra, { urls: ['http://evil.example/a.exe'], n: 1 });
    assert.equal(first.Count, 3);
    assert.equal(first.Seen, true);
    assert.equal(first.Score, 0.5);
    assert.equal(first.Host, 'evil.example');
    assert.deepEqual(second, { TimeGenerated: null, Host: '', Count: 0, Extra: null, Seen: false, Score: null });
  });

  test('sends the window as the timespan, the KQL unchanged, and the server timeout', async () => {
    await fake.source({ serverTimeoutSeconds: 120 }).query(KQL, window);
    assert.equal(fake.requests.length, 1);
    const [request] = fake.requests;
    assert.equal(request.workspaceId, FAKE_WORKSPACE_ID);
    assert.equal(request.body.query, KQL);
    assert.equal(request.body.timespan, '2024-05-01T00:00:00.000Z/2024-05-02T06:30:00.000Z');
    assert.equal(request.prefer, 'wait=120');
    assert.equal(request.headers.authorization, `Bearer ${FAKE_TOKEN}`);
  });

  test('an endpoint given with /v1 or a trailing slash reaches the same API path', async () => {
    await fake.source({ endpoint: `${fake.endpoint}/v1/` }).query(KQL, window);
    assert.equal(fake.requests.length, 1);
  });

  test('an empty result has the columns and no rows', async () => {
    fake.setHandler(answerWith({ columns: sample.columns, rows: [] }));
    const result = await fake.source().query(KQL, window);
    assert.deepEqual(result, { columns: sample.columns, rows: [] });
  });

  test('a column named __proto__ stays a plain column', async () => {
    fake.setHandler(() => ({
      status: 200,
      body: { tables: [{ name: 'PrimaryResult', columns: [{ name: '__proto__', type: 'string' }], rows: [['x']] }] },
    }));
    const { rows } = await fake.source().query(KQL, window);
    assert.equal(Object.getPrototypeOf(rows[0]), Object.prototype);
    assert.deepEqual(Object.keys(rows[0]), ['__proto__']);
    assert.equal(Object.getOwnPropertyDescriptor(rows[0], '__proto__')?.value, 'x');
  });

  test('a partial failure is an error and returns no rows', async () => {
    fake.setHandler(() => partialReply(sample));
    await rejectsWith(fake.source().query(KQL, window), 'partial', /partial result.*2 row\(s\) discarded.*PartialError.*EngineError/);
  });

  test('a result cut at the size cap is reported as truncated, from the inner error the SDK drops', async () => {
    fake.setHandler(() => truncatedReply(sample));
    await rejectsWith(fake.source().query(KQL, window), 'truncated', /truncated.*E_QUERY_RESULT_SET_TOO_LARGE.*Narrow the hunt/);
  });

  test('a result at the row cap is treated as truncated even without a partial error', async () => {
    await rejectsWith(fake.source({ rowCap: 2 }).query(KQL, window), 'truncated', /2 rows.*cap \(2\)/);
  });

  test('HTTP 500 is retried by the SDK, then fails with the status and the service message', async () => {
    fake.setHandler(() => oneApiError(500, 'InternalServerError', 'Something broke'));
    await rejectsWith(fake.source().query(KQL, window), 'error', /HTTP 500: InternalServerError: Something broke.*client request id/);
    assert.equal(fake.requests.length, 2, 'one try plus the one retry trustOnly() allows');
  });

  test('a gateway error without a JSON body still names the status', async () => {
    fake.setHandler(() => ({ status: 502, text: '<html><body>Bad Gateway</body></html>' }));
    await rejectsWith(fake.source().query(KQL, window), 'error', /HTTP 502: the response carried no error details\./);
  });

  test('403 names the role to grant', async () => {
    fake.setHandler(() =>
      oneApiError(403, 'InsufficientAccessError', 'The provided credentials have insufficient access to perform the requested operation', {
        code: 'UnauthorizedClient',
        message: 'The client does not have sufficient permissions',
      }),
    );
    await rejectsWith(
      fake.source().query(KQL, window),
      'error',
      /workspace 00000000-1111-2222-3333-444444444444 failed: HTTP 403: InsufficientAccessError.*UnauthorizedClient.*Log Analytics Data Reader/,
    );
    assert.equal(fake.requests.length, 1, '4xx is not retried');
  });

  test('a KQL error (400) carries the inner message', async () => {
    fake.setHandler(() =>
      oneApiError(400, 'BadArgumentError', 'The request had some invalid properties', {
        code: 'SemanticError',
        message: "'where' operator: Failed to resolve column or scalar expression named 'Nope'",
      }),
    );
    await rejectsWith(fake.source().query(KQL, window), 'error', /HTTP 400: BadArgumentError.*SemanticError: 'where' operator/);
  });

  test('a wrong token is refused by the service and reported as an auth failure', async () => {
    const source = fake.source({ credential: staticTokenCredential('someone-elses-token') });
    await rejectsWith(source.query(KQL, window), 'error', /HTTP 403: InvalidAuthenticationToken/);
    assert.equal(fake.requests.length, 0);
  });

  test('a credential that cannot get a token fails clearly, before any request', async () => {
    const failing = {
      async getToken(): Promise<never> {
        const error = new Error('ManagedIdentityCredential: no managed identity endpoint found.');
        error.name = 'CredentialUnavailableError';
        throw error;
      },
    };
    const before = fake.rejectedAuth;
    await rejectsWith(
      fake.source({ credential: failing }).query(KQL, window),
      'error',
      /could not sign in to Azure for a Microsoft Entra token \(CredentialUnavailableError\); tried:\n  - ManagedIdentityCredential: no managed identity endpoint found\.\nFix: run `az login`/,
    );
    assert.equal(fake.requests.length, 0);
    assert.equal(fake.rejectedAuth, before);
  });

  test("DefaultAzureCredential's aggregated failure becomes one readable line per credential tried, and the fix", async () => {
    const failing = {
      async getToken(): Promise<never> {
        throw new AggregateAuthenticationError(
          [
            new CredentialUnavailableError('EnvironmentCredential is unavailable.   No underlying credential could be used.\n'),
            new CredentialUnavailableError('Error: Unable to execute PowerShell. Ensure that it is installed in your system.'),
            new CredentialUnavailableError(`Azure CLI could not be found. ${'x'.repeat(400)}`),
          ],
          'ChainedTokenCredential authentication failed.',
        );
      },
    };
    await assert.rejects(fake.source({ credential: failing }).query(KQL, window), (error: Error) => {
      const lines = error.message.split('\n');
      assert.match(lines[0], /: could not sign in to Azure for a Microsoft Entra token \(AggregateAuthenticationError\); tried:$/);
      assert.deepEqual(lines.slice(1, 3), ['  - EnvironmentCredential is unavailable. No underlying credential could be used.', '  - Unable to execute PowerShell. Ensure that it is installed in your system.']);
      assert.ok(lines[3].startsWith('  - Azure CLI could not be found. xxx') && lines[3].endsWith('x…') && lines[3].length < 260, lines[3]);
      assert.match(lines[4], /^Fix: run `az login`.*AZURE_CLIENT_ID/);
      assert.equal(lines.length, 5);
      return true;
    });
  });

  test('the certificate is trusted only by the client given its CA', async () => {
    const untrusting = new LogAnalyticsSource({
      workspaceId: FAKE_WORKSPACE_ID,
      credential: staticTokenCredential(),
      endpoint: fake.endpoint,
      clientOptions: { retryOptions: { maxRetries: 0 } },
    });
    await rejectsWith(untrusting.query(KQL, window), 'error', /self[- ]signed certificate/i);
    assert.equal(fake.requests.length, 0);
  });

  test('a network failure is an error', async () => {
    const closed = createHttpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const source = fake.source({ endpoint: `https://127.0.0.1:${port}` });
    await rejectsWith(source.query(KQL, window), 'error', /ECONNREFUSED/);
  });

  test('a query that outlives its deadline is abandoned', async () => {
    fake.setHandler(async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return successReply(sample);
    });
    await rejectsWith(fake.source({ deadlineMs: 50 }).query(KQL, window), 'error', /no answer within 50 ms \(including retries\)/);
  });

  test('concurrent queries on one source each get their own outcome', async () => {
    fake.setHandler((request) =>
      request.body.query === 'Broken' ? oneApiError(500, 'InternalServerError', 'only this one broke') : successReply(sample),
    );
    const source = fake.source();
    const [broken, fine] = await Promise.allSettled([source.query('Broken', window), source.query(KQL, window)]);
    assert.equal(broken.status, 'rejected');
    assert.match(String((broken as PromiseRejectedResult).reason.message), /HTTP 500: InternalServerError: only this one broke/);
    assert.equal(fine.status, 'fulfilled');
    assert.equal((fine as PromiseFulfilledResult<QueryResult>).value.rows.length, 2);
  });

  test('an inverted window is refused without a request', async () => {
    await rejectsWith(fake.source().query(KQL, { start: window.end, end: window.start }), 'error', /window/);
    assert.equal(fake.requests.length, 0);
  });
});

describe('the bearer token only travels over https', () => {
  test('our source refuses an http endpoint at construction', () => {
    assert.throws(
      () => new LogAnalyticsSource({ workspaceId: FAKE_WORKSPACE_ID, credential: staticTokenCredential(), endpoint: 'http://127.0.0.1:1' }),
      /must use https/,
    );
  });

  test('and the SDK itself refuses to send a token to an http endpoint', async () => {
    let received = 0;
    const plain = createHttpServer((_req, res) => {
      received++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(successReply(sample).body));
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = plain.address() as AddressInfo;
      const client = new LogsQueryClient(staticTokenCredential(), { endpoint: `http://127.0.0.1:${port}/v1` });
      await assert.rejects(
        client.queryWorkspace(FAKE_WORKSPACE_ID, KQL, { startTime: window.start, endTime: window.end }),
        /not permitted for non-TLS protected \(non-https\) URLs/,
      );
      assert.equal(received, 0);
    } finally {
      plain.closeAllConnections();
      await new Promise<void>((resolve) => plain.close(() => resolve()));
    }
  });
});

describe('logAnalyticsSourceFromEnv', () => {
  const credential = staticTokenCredential();

  test('builds a source that queries the configured workspace', async () => {
    const source = logAnalyticsSourceFromEnv(
      {
        LOG_ANALYTICS_WORKSPACE_ID: ` ${FAKE_WORKSPACE_ID.toUpperCase()} `,
        LOG_ANALYTICS_ENDPOINT: fake.endpoint,
        LOG_ANALYTICS_SERVER_TIMEOUT_SECONDS: '300',
      },
      { credential, clientOptions: trustOnly(fake.ca) },
    );
    assert.equal(source.name, 'loganalytics');
    assert.equal(source.workspaceId, FAKE_WORKSPACE_ID);
    await source.query(KQL, window);
    assert.equal(fake.requests[0]?.workspaceId, FAKE_WORKSPACE_ID);
    assert.equal(fake.requests[0]?.prefer, 'wait=300');
  });

  test('defaults to the public cloud and a server timeout that fits the Function timeout', () => {
    const source = logAnalyticsSourceFromEnv({ LOG_ANALYTICS_WORKSPACE_ID: FAKE_WORKSPACE_ID }, { credential });
    assert.equal(source.endpoint, 'https://api.loganalytics.io');
    assert.equal(source.serverTimeoutSeconds, 300);
  });

  const bad: Array<[string, Record<string, string>, RegExp]> = [
    ['a missing workspace id', {}, /^LOG_ANALYTICS_WORKSPACE_ID: is not set\. Use the workspace ID/],
    [
      'a pasted resource id',
      {
        LOG_ANALYTICS_WORKSPACE_ID:
          '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/sec/providers/Microsoft.OperationalInsights/workspaces/sentinel-ws',
      },
      /^LOG_ANALYTICS_WORKSPACE_ID: .* is an Azure resource ID.*workspace ID \(its customerId\).*--query customerId/,
    ],
    ['a workspace name', { LOG_ANALYTICS_WORKSPACE_ID: 'sentinel-ws' }, /^LOG_ANALYTICS_WORKSPACE_ID: "sentinel-ws" is not a workspace ID \(a GUID/],
    [
      'an http endpoint',
      { LOG_ANALYTICS_WORKSPACE_ID: FAKE_WORKSPACE_ID, LOG_ANALYTICS_ENDPOINT: 'http://api.loganalytics.io' },
      /^LOG_ANALYTICS_ENDPOINT: .*must use https/,
    ],
    [
      'a server timeout over the service maximum',
      { LOG_ANALYTICS_WORKSPACE_ID: FAKE_WORKSPACE_ID, LOG_ANALYTICS_SERVER_TIMEOUT_SECONDS: '900' },
      /^LOG_ANALYTICS_SERVER_TIMEOUT_SECONDS: "900" must be a whole number of seconds from 1 to 600/,
    ],
  ];
  for (const [what, env, message] of bad) {
    test(`refuses ${what} with an error naming the setting`, () => {
      assert.throws(
        () => logAnalyticsSourceFromEnv(env, { credential }),
        (error: unknown) => error instanceof SettingsError && message.test(error.message),
      );
    });
  }
});

describe('createAzureCredential', () => {
  // Choosing and constructing only: no getToken here, so nothing reaches IMDS or Entra ID.
  test('uses the user-assigned managed identity named by AZURE_CLIENT_ID on an Azure host', () => {
    const env = { IDENTITY_ENDPOINT: 'http://localhost:8081/msi/token', AZURE_CLIENT_ID: 'c0ffee00-0000-0000-0000-000000000001' };
    assert.deepEqual(chooseAzureCredential(env), { kind: 'managed-identity', clientId: 'c0ffee00-0000-0000-0000-000000000001' });
    assert.ok(createAzureCredential(env) instanceof ManagedIdentityCredential);
  });

  test('uses the system-assigned managed identity on an Azure host without AZURE_CLIENT_ID', () => {
    assert.deepEqual(chooseAzureCredential({ IDENTITY_ENDPOINT: 'http://localhost:8081/msi/token' }), { kind: 'managed-identity' });
  });

  test("off Azure, falls back to the developer's login", () => {
    assert.deepEqual(chooseAzureCredential({}), { kind: 'developer' });
  });
});

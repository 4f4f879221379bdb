/**
 * Test double of the Log Analytics query API: a real HTTPS server on 127.0.0.1 that the real
 * LogsQueryClient talks to. Its certificate is made per server and trusted only by the clients built
 * here (per-client `tlsOptions.ca`), so no process-wide TLS setting is ever touched.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { LogAnalyticsSource, type LogAnalyticsSourceOptions } from '../../src/sources/logAnalytics.js';
import type { QueryResult } from '../../src/sources/querySource.js';

const run = promisify(execFile);

/** The token every fake credential hands out and every fake server expects, unless told otherwise. */
export const FAKE_TOKEN = 'fake-entra-token-for-tests';
export const FAKE_WORKSPACE_ID = '00000000-1111-2222-3333-444444444444';

/** One request as the fake saw it. */
export interface RecordedQuery {
  workspaceId: string;
  /** The parsed JSON body: { query, timespan, workspaces? }. */
  body: { query?: string; timespan?: string; workspaces?: string[] } & Record<string, unknown>;
  /** The Prefer header (server timeout, statistics), if sent. */
  prefer?: string;
  headers: IncomingHttpHeaders;
}

/** What the fake answers: a status and a JSON body (or raw text, for gateway-style failures). */
export interface FakeReply {
  status: number;
  body?: unknown;
  /** Sent as-is instead of JSON, e.g. an HTML error page from a gateway. */
  text?: string;
  headers?: Record<string, string>;
}

export type FakeHandler = (request: RecordedQuery) => FakeReply | Promise<FakeReply>;

export interface FakeLogAnalytics {
  /** Service root to give LogAnalyticsSource (`https://127.0.0.1:<port>`); the API lives under /v1. */
  endpoint: string;
  /** PEM of the server's self-signed certificate: trust it per client via `tlsOptions: { ca }`. */
  ca: string;
  token: string;
  /** Every query request that passed the auth check, in arrival order. */
  requests: RecordedQuery[];
  /** Requests refused for a missing or wrong bearer token. */
  rejectedAuth: number;
  /** Swap the handler mid-test (e.g. fail the next run). */
  setHandler(handler: FakeHandler): void;
  /** A LogAnalyticsSource wired to this fake: static token, this CA only, fast retries. */
  source(overrides?: Partial<LogAnalyticsSourceOptions>): LogAnalyticsSource;
  stop(): Promise<void>;
}

export interface FakeOptions {
  /** The bearer token the fake accepts. */
  token?: string;
}

/** Test double for Entra ID: a fixed token, valid for an hour, without any network. */
export function staticTokenCredential(token: string = FAKE_TOKEN): TokenCredential {
  return {
    async getToken(): Promise<AccessToken> {
      return { token, expiresOnTimestamp: Date.now() + 3_600_000, tokenType: 'Bearer' };
    },
  };
}

/** A self-signed certificate for 127.0.0.1, made fresh so no key material lives in the repository. */
export async function makeLoopbackCertificate(): Promise<{ key: string; cert: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'fake-la-tls-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    // Node's crypto can make keys but not X.509 certificates, hence the openssl CLI.
    await run('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyPath, '-out', certPath, '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1',
      '-addext', 'basicConstraints=critical,CA:FALSE',
      '-addext', 'extendedKeyUsage=serverAuth',
    ]);
    return { key: await readFile(keyPath, 'utf8'), cert: await readFile(certPath, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const QUERY_PATH = /^\/v1\/workspaces\/([^/]+)\/query$/;

export async function startFakeLogAnalytics(
  handler: FakeHandler,
  options: FakeOptions = {},
): Promise<FakeLogAnalytics> {
  const token = options.token ?? FAKE_TOKEN;
  const { key, cert } = await makeLoopbackCertificate();
  const requests: RecordedQuery[] = [];
  let current = handler;
  let rejectedAuth = 0;

  const server: Server = createServer({ key, cert }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, { status: 500, text: `fake Log Analytics handler threw: ${String(error)}` });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const match = QUERY_PATH.exec(new URL(req.url ?? '/', 'https://127.0.0.1').pathname);
    if (req.method !== 'POST' || !match) {
      send(res, oneApiError(404, 'PathNotFoundError', `The requested path does not exist: ${req.method} ${req.url}`));
      return;
    }
    // Same codes and shapes the real API uses for these cases.
    const authorization = req.headers.authorization;
    if (!authorization) {
      rejectedAuth++;
      send(res, oneApiError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing."));
      return;
    }
    if (authorization !== `Bearer ${token}`) {
      rejectedAuth++;
      send(res, oneApiError(403, 'InvalidAuthenticationToken', 'The access token is invalid.'));
      return;
    }
    let body: RecordedQuery['body'];
    try {
      body = JSON.parse(raw) as RecordedQuery['body'];
    } catch {
      send(res, oneApiError(400, 'BadArgumentError', 'The request body is not valid JSON'));
      return;
    }
    const recorded: RecordedQuery = {
      workspaceId: decodeURIComponent(match[1]),
      body,
      prefer: typeof req.headers.prefer === 'string' ? req.headers.prefer : undefined,
      headers: req.headers,
    };
    requests.push(recorded);
    send(res, await current(recorded));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `https://127.0.0.1:${port}`;

  return {
    endpoint,
    ca: cert,
    token,
    requests,
    get rejectedAuth() {
      return rejectedAuth;
    },
    setHandler(next) {
      current = next;
    },
    source(overrides = {}) {
      return new LogAnalyticsSource({
        workspaceId: FAKE_WORKSPACE_ID,
        credential: staticTokenCredential(token),
        endpoint,
        ...overrides,
        clientOptions: trustOnly(cert, overrides.clientOptions),
      });
    },
    async stop() {
      // The client's agent keeps connections alive; without this close() would wait for them.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Client options that trust `ca` and nothing else, with retries kept short so failure tests stay
 * fast. The SDK turns `tlsOptions` into an https.Agent for this one client.
 */
export function trustOnly(
  ca: string,
  clientOptions: LogAnalyticsSourceOptions['clientOptions'] = {},
): NonNullable<LogAnalyticsSourceOptions['clientOptions']> {
  return {
    retryOptions: { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 20 },
    ...clientOptions,
    tlsOptions: { ...clientOptions.tlsOptions, ca },
  };
}

// ---- replies -------------------------------------------------------------------------------------

/** Log Analytics' wire form of a result: datetime as ISO strings, dynamic as JSON text, like the service. */
export function toLogAnalyticsTable(result: QueryResult, name = 'PrimaryResult') {
  return {
    name,
    columns: result.columns.map((c) => ({ name: c.name, type: c.type })),
    rows: result.rows.map((row) => result.columns.map((c) => toWire(row[c.name], c.type))),
  };
}

function toWire(value: unknown, type: string): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (type === 'dynamic') return typeof value === 'string' ? value : JSON.stringify(value);
  return value;
}

/** 200 with the result as the primary table. */
export function successReply(result: QueryResult): FakeReply {
  return { status: 200, body: { tables: [toLogAnalyticsTable(result)] } };
}

/** A handler that answers every query with `result`: the usual choice for end-to-end tests. */
export function answerWith(result: QueryResult): FakeHandler {
  return () => successReply(result);
}

/** 200 with rows and a PartialError, the way the service reports a non-fatal failure. */
export function partialReply(
  result: QueryResult,
  detail: { code: string; message: string; innererror?: Record<string, unknown> } = {
    code: 'EngineError',
    message: 'Something went wrong processing your query on the server.',
  },
): FakeReply {
  return {
    status: 200,
    body: {
      tables: [toLogAnalyticsTable(result)],
      error: {
        code: 'PartialError',
        message: 'There were some errors when processing your query.',
        details: [detail],
      },
    },
  };
}

/** The result-size cap (500,000 rows / 64 MB): a partial error whose reason sits in an inner error. */
export function truncatedReply(result: QueryResult): FakeReply {
  return partialReply(result, {
    code: 'EngineError',
    message: 'Something went wrong processing your query on the server.',
    innererror: {
      code: '-2133196797',
      message:
        'Query result set has exceeded the internal data size limit 64000000 (E_QUERY_RESULT_SET_TOO_LARGE; see https://aka.ms/kustoquerylimits)',
      severity: 2,
      severityName: 'Error',
    },
  });
}

/** A fatal error in the OneAPI shape the service uses: { error: { code, message, innererror? } }. */
export function oneApiError(
  status: number,
  code: string,
  message: string,
  innererror?: { code: string; message: string },
): FakeReply {
  return { status, body: { error: { code, message, ...(innererror ? { innererror } : {}) } } };
}

function send(res: ServerResponse, reply: FakeReply): void {
  if (res.headersSent) return;
  const text = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
  const contentType = reply.text !== undefined ? 'text/html' : 'application/json; charset=utf-8';
  res.writeHead(reply.status, { 'content-type': contentType, ...reply.headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

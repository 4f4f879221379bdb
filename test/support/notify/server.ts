import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export type Responder = (request: ReceivedRequest, index: number, res: ServerResponse) => void | Promise<void>;

export interface TestReceiver {
  /** http://127.0.0.1:<port><path> */
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 (port chosen by the OS) answering each request with `respond`. */
export async function startReceiver(respond: Responder, path = '/hook'): Promise<TestReceiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      const index = requests.push(request) - 1;
      Promise.resolve(respond(request, index, res)).catch((error: unknown) => {
        res.statusCode = 599;
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * A ticketing system's webhook endpoint: 204 for a request with a valid Standard Webhooks signature
 * under `secret`, 401 for anything else.
 */
export function startSignedWebhookReceiver(secret: string, path = '/tickets'): Promise<TestReceiver> {
  return startReceiver((req, _i, res) => {
    try {
      new Webhook(secret).verify(req.body, req.headers as Record<string, string>);
      reply(res, 204);
    } catch {
      reply(res, 401);
    }
  }, path);
}

/** Runs `run` against a fresh receiver and always closes it. */
export async function withReceiver<T>(respond: Responder, run: (receiver: TestReceiver) => Promise<T>): Promise<T> {
  const receiver = await startReceiver(respond);
  try {
    return await run(receiver);
  } finally {
    await receiver.close();
  }
}

export function reply(res: ServerResponse, status: number, headers: Record<string, string> = {}, body = ''): void {
  res.writeHead(status, headers);
  res.end(body);
}

/** Retry-fast settings for notifiers under test. */
export const FAST_RETRY = { minBackoffMs: 5, maxBackoffMs: 20, maxRetryAfterMs: 2_000, timeoutMs: 2_000, maxTotalMs: 10_000 };

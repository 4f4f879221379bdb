/**
 * node:http ↔ WHATWG Request/Response, so `hunts serve` and the tests run the very handlers the
 * Functions HTTP trigger runs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** More than any request of this API needs (a triage body is a few hundred bytes). */
const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {}

export async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  let body: Buffer | undefined;
  if (method !== 'GET' && method !== 'HEAD') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) throw new BodyTooLarge(`request body over ${MAX_BODY_BYTES} bytes`);
      chunks.push(chunk);
    }
    body = Buffer.concat(chunks);
  }
  return new Request(new URL(req.url ?? '/', origin), { method, headers, body });
}

export async function sendResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const setCookies = response.headers.getSetCookie();
  if (setCookies.length) headers['set-cookie'] = setCookies;
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** A node:http handler around a Request → Response function; its own failures answer 500 in JSON. */
export function nodeHandler(origin: () => string, handle: (request: Request) => Promise<Response>, onError?: (error: unknown) => void) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      try {
        await sendResponse(res, await handle(await toRequest(req, origin())));
      } catch (error) {
        const tooLarge = error instanceof BodyTooLarge;
        if (!tooLarge) onError?.(error);
        if (!res.headersSent) {
          res.writeHead(tooLarge ? 413 : 500, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
        }
        res.end(JSON.stringify({ error: tooLarge ? 'the request body is too large' : 'the server failed to answer; see its log' }));
      }
    })();
  };
}

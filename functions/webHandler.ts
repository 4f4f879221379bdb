import type { HttpHandler, HttpRequest, HttpResponseInit } from '@azure/functions';

/**
 * Adapts a WHATWG handler (src/api/*) to a Functions v4 HTTP trigger, so the Function App and `hunts serve`
 * run the same code. Only what the handlers read is carried: method, URL, headers and body.
 */
export function webHandler(handle: (request: Request) => Promise<Response>): HttpHandler {
  return async (request: HttpRequest): Promise<HttpResponseInit> => {
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const response = await handle(
      new Request(request.url, {
        method: request.method,
        headers: new Headers(request.headers),
        body: hasBody ? await request.arrayBuffer() : undefined,
      }),
    );
    const body = response.body ? new Uint8Array(await response.arrayBuffer()) : undefined;
    return { status: response.status, headers: Object.fromEntries(response.headers), body };
  };
}

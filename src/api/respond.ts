/**
 * Every API answer is JSON with the same fixed headers: nothing a stored value holds can reach a
 * header, and JSON.stringify is the only escaping a value needs (the page renders values as text).
 */
const BASE_HEADERS: Record<string, string> = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...BASE_HEADERS, ...headers } });
}

/** `{ "error": message }`; the message is ours, quoting a caller's value only through JSON. */
export function failure(status: number, message: string, headers: Record<string, string> = {}): Response {
  return json(status, { error: message }, headers);
}

/** A caller's value inside an error message: quoted, and cut so a long one cannot bloat the answer. */
export function quoted(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

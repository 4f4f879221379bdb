/**
 * Per-query plumbing LogsQueryClient does not offer: a deadline over all attempts, and what a useful
 * error needs (the final HTTP status, the raw error body, the client request id).
 *
 * @azure/monitor-query-logs 1.0.0 drops a call's `abortSignal` and `onResponse`, keeps only the top
 * level of a partial error (the cause of a truncation sits in `details[].innererror`), and throws a
 * bare TypeError when an error response has no JSON `error` body (a gateway's HTML 502). Its
 * `requestOptions.timeout` is per attempt and its timer is never cleared when the connection fails,
 * which holds a CLI process open for the whole timeout. A per-call pipeline policy wraps all retries;
 * AsyncLocalStorage ties it to the query that made it, since one client serves concurrent queries.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { LogsQueryClientOptions } from '@azure/monitor-query-logs';
import { timeoutSignal } from '../util/deadline.js';

type AdditionalPolicy = NonNullable<LogsQueryClientOptions['additionalPolicies']>[number];

export interface QueryCall {
  /** Abandon the query (all attempts and retry waits) after this long. */
  deadlineMs: number;
  status?: number;
  clientRequestId?: string;
  /** The raw body; read only on failure paths, dropped when the query returns. */
  bodyText?: string;
}

const currentCall = new AsyncLocalStorage<QueryCall>();

export const queryCallPolicy: AdditionalPolicy = {
  position: 'perCall',
  policy: {
    name: 'scheduledHuntsQueryCall',
    async sendRequest(request, next) {
      const call = currentCall.getStore();
      if (!call) return next(request);
      const deadline = timeoutSignal(call.deadlineMs, ...(request.abortSignal ? [request.abortSignal as AbortSignal] : []));
      request.abortSignal = deadline.signal;
      try {
        const response = await next(request);
        call.status = response.status;
        call.clientRequestId = request.headers.get('x-ms-client-request-id');
        call.bodyText = response.bodyAsText ?? undefined;
        return response;
      } finally {
        deadline.clear();
      }
    },
  },
};

export function inQueryCall<T>(call: QueryCall, run: () => Promise<T>): Promise<T> {
  return currentCall.run(call, run);
}

/** One level of a OneAPI error: `{ code, message, details?, innererror? }`. */
interface OneApiError {
  code?: unknown;
  message?: unknown;
  details?: unknown;
  innererror?: unknown;
}

/** The `error` object of a raw response body, if it has one. */
export function errorFromBody(bodyText: string | undefined): OneApiError | undefined {
  if (!bodyText) return undefined;
  try {
    const parsed = JSON.parse(bodyText) as { error?: unknown };
    return isObject(parsed?.error) ? (parsed.error as OneApiError) : undefined;
  } catch {
    return undefined;
  }
}

const MAX_PARTS = 6;
const MAX_PART_CHARS = 400;

/**
 * "code: message" for the error, its details and inner errors, outermost first, without repeats:
 * the inner levels carry the actual reason (the KQL semantic error, the result-size cap).
 */
export function describeOneApiError(error: OneApiError | undefined): string[] {
  const parts: string[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (!isObject(node) || depth > 6 || parts.length >= MAX_PARTS) return;
    const { code, message, details, innererror } = node as OneApiError;
    const text = [code, message].filter((v) => typeof v === 'string' && v.length > 0).join(': ');
    if (text && !parts.includes(clip(text))) parts.push(clip(text));
    if (Array.isArray(details)) for (const detail of details) visit(detail, depth + 1);
    visit(innererror, depth + 1);
  };
  visit(error, 0);
  return parts;
}

function clip(text: string): string {
  return text.length > MAX_PART_CHARS ? `${text.slice(0, MAX_PART_CHARS)}…` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

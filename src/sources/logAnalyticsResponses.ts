/**
 * What LogsQueryClient hides and a useful error needs: the final HTTP status, the raw error body and
 * the client request id.
 *
 * @azure/monitor-query-logs 1.0.0 drops per-call `onResponse`, keeps only the top level of a
 * partial error (the cause of a truncation sits in `details[].innererror`), and throws a bare
 * TypeError when an error response has no JSON `error` body (a gateway's HTML 502). A per-call
 * pipeline policy sees the final response after retries; AsyncLocalStorage ties it to the query that
 * made it, since one client serves concurrent queries.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { LogsQueryClientOptions } from '@azure/monitor-query-logs';

type AdditionalPolicy = NonNullable<LogsQueryClientOptions['additionalPolicies']>[number];

export interface CapturedResponse {
  status?: number;
  clientRequestId?: string;
  /** The raw body; read only on failure paths, dropped when the query returns. */
  bodyText?: string;
}

const currentCapture = new AsyncLocalStorage<CapturedResponse>();

export const responseCapturePolicy: AdditionalPolicy = {
  position: 'perCall',
  policy: {
    name: 'scheduledHuntsResponseCapture',
    async sendRequest(request, next) {
      const response = await next(request);
      const capture = currentCapture.getStore();
      if (capture) {
        capture.status = response.status;
        capture.clientRequestId = request.headers.get('x-ms-client-request-id');
        capture.bodyText = response.bodyAsText ?? undefined;
      }
      return response;
    },
  },
};

export function withResponseCapture<T>(capture: CapturedResponse, run: () => Promise<T>): Promise<T> {
  return currentCapture.run(capture, run);
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

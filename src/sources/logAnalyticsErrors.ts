/**
 * Turns whatever LogsQueryClient threw or flagged into a QueryFailedError an operator can act on:
 * HTTP status, the service's codes and inner messages, a hint, and the client request id for support.
 * Never includes request headers (the bearer token) or row values.
 */
import type { LogsErrorInfo } from '@azure/monitor-query-logs';
import { QueryFailedError } from './querySource.js';
import { describeOneApiError, errorFromBody, type QueryCall } from './logAnalyticsResponses.js';

/** Markers of the result-size cap (500,000 rows / 64 MB) in a partial error. */
const TRUNCATION = /E_QUERY_RESULT_SET_TOO_LARGE|result set has exceeded/i;

const CREDENTIAL_ERRORS = new Set([
  'CredentialUnavailableError',
  'AuthenticationError',
  'AggregateAuthenticationError',
  'AuthenticationRequiredError',
]);

export function partialResultError(
  workspaceId: string,
  partialError: LogsErrorInfo,
  call: QueryCall,
  rowsDiscarded: number,
): QueryFailedError {
  // The raw body keeps details[].innererror, which the SDK's deserializer drops.
  const parts = describeOneApiError(errorFromBody(call.bodyText) ?? partialError);
  const truncated = parts.some((p) => TRUNCATION.test(p));
  const what = truncated
    ? `Log Analytics truncated the result on workspace ${workspaceId} at its cap (500,000 rows or 64 MB)`
    : `Log Analytics returned a partial result on workspace ${workspaceId}`;
  const hint = truncated
    ? ' Narrow the hunt (filter earlier, project fewer columns, summarize) or shorten its lookback.'
    : '';
  return new QueryFailedError(
    `${what}; ${rowsDiscarded} row(s) discarded. ${sentence(parts.join(' / '))}${hint}${requestIdSuffix(call)}`,
    truncated ? 'truncated' : 'partial',
  );
}

export function rowCapError(workspaceId: string, rows: number, limit: number): QueryFailedError {
  return new QueryFailedError(
    `Log Analytics returned ${rows} rows on workspace ${workspaceId}, its result cap (${limit}); ` +
      'treating the result as truncated. Narrow the hunt or shorten its lookback.',
    'truncated',
  );
}

export function queryError(
  workspaceId: string,
  error: unknown,
  call: QueryCall,
  deadlineMs: number,
): QueryFailedError {
  const prefix = `Log Analytics query on workspace ${workspaceId} failed`;
  const err = (error ?? {}) as { name?: unknown; message?: unknown; statusCode?: unknown; code?: unknown };
  const message = typeof err.message === 'string' ? err.message : String(error);
  const name = typeof err.name === 'string' ? err.name : '';

  // The status comes from the recorded response when the SDK itself choked on the error body.
  const status =
    call.status !== undefined && call.status !== 200
      ? call.status
      : typeof err.statusCode === 'number'
        ? err.statusCode
        : undefined;
  if (status !== undefined) {
    const parts = describeOneApiError(errorFromBody(call.bodyText));
    // Without a JSON error body the SDK throws its own TypeError, whose text would only mislead.
    const detail =
      parts.length > 0 ? parts.join(' / ') : name === 'RestError' ? message : 'the response carried no error details';
    const code = parts.length > 0 ? undefined : typeof err.code === 'string' ? err.code : undefined;
    return new QueryFailedError(
      `${prefix}: HTTP ${status}${code ? ` ${code}` : ''}: ${sentence(detail)}${httpHint(status)}${requestIdSuffix(call)}`,
      'error',
    );
  }
  if (CREDENTIAL_ERRORS.has(name)) return signInError(prefix, name, error, message);
  if (name === 'AbortError') {
    return new QueryFailedError(
      `${prefix}: no answer within ${deadlineMs < 1000 ? `${deadlineMs} ms` : `${Math.round(deadlineMs / 1000)} s`} (including retries); the query was abandoned.`,
      'error',
    );
  }
  if (call.status === 200) {
    return new QueryFailedError(`${prefix}: the response could not be read: ${sentence(message)}${requestIdSuffix(call)}`, 'error', {
      cause: error,
    });
  }
  // Transport failures (refused, DNS, TLS): the RestError carries the request, so only its text goes on.
  const code = typeof err.code === 'string' ? ` (${err.code})` : '';
  return new QueryFailedError(`${prefix}: ${message}${code}`, 'error', {
    cause: name === 'RestError' ? undefined : error,
  });
}

const SIGN_IN_FIX =
  'Fix: run `az login` (or `azd auth login`) where this runs; for a service principal set AZURE_TENANT_ID, ' +
  "AZURE_CLIENT_ID and AZURE_CLIENT_SECRET; in Azure, check the Function App's managed identity (and AZURE_CLIENT_ID " +
  'for a user-assigned one).';
const CAUSE_MAX = 240;

/**
 * A failed sign-in, one line per credential tried. DefaultAzureCredential joins every credential's
 * error into one message with newlines; printed as one escaped line that was 1,500 characters of `\n`.
 */
function signInError(prefix: string, name: string, error: unknown, message: string): QueryFailedError {
  const inner = (error as { errors?: unknown }).errors;
  const causes = Array.isArray(inner) && inner.length
    ? inner.map((e) => (e instanceof Error ? e.message : String(e)))
    : message.split('\n').slice(message.includes('\n') ? 1 : 0);
  const lines = causes
    .map((c) => c.replace(/^(\w*Error: )+/, '').replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .map((c) => `  - ${c.length > CAUSE_MAX ? `${c.slice(0, CAUSE_MAX - 1)}…` : c}`);
  return new QueryFailedError(
    [`${prefix}: could not sign in to Azure for a Microsoft Entra token (${name}); tried:`, ...lines, SIGN_IN_FIX].join('\n'),
    'error',
    { cause: error },
  );
}

function httpHint(status: number): string {
  switch (status) {
    case 400:
      return ' Check the hunt query: the inner message names the KQL problem.';
    case 401:
    case 403:
      return (
        ' Check that the identity has the Log Analytics Data Reader (or Log Analytics Reader, or Microsoft Sentinel Reader) role on the workspace' +
        ' and that the token is for the Log Analytics audience of this cloud.'
      );
    case 404:
      return ' Check LOG_ANALYTICS_WORKSPACE_ID: it must be the workspace ID (a GUID), not its name or resource ID.';
    case 429:
      return ' Log Analytics throttled the query; the next run will retry.';
    default:
      return status >= 500 ? ' Log Analytics failed after retries; the next run will retry.' : '';
  }
}

/** Ends the text with exactly one full stop. */
function sentence(text: string): string {
  return `${text.trim().replace(/[.\s]+$/, '')}.`;
}

function requestIdSuffix(call: QueryCall): string {
  return call.clientRequestId ? ` (client request id ${call.clientRequestId})` : '';
}

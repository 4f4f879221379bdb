/**
 * QuerySource on the Log Analytics query API (the workspace behind Sentinel), through
 * @azure/monitor-query-logs. The window goes in the API's timespan, so hunt KQL runs verbatim.
 */
import type { TokenCredential } from '@azure/core-auth';
import {
  LogsQueryClient,
  LogsQueryResultStatus,
  type LogsQueryClientOptions,
  type LogsTable,
} from '@azure/monitor-query-logs';
import { partialResultError, queryError, rowCapError } from './logAnalyticsErrors.js';
import { inQueryCall, queryCallPolicy, type QueryCall } from './logAnalyticsResponses.js';
import {
  QueryFailedError,
  type QueryResult,
  type QuerySource,
  type QueryWindow,
  type ResultColumn,
  type Row,
} from './querySource.js';

export const PUBLIC_CLOUD_ENDPOINT = 'https://api.loganalytics.io';
/** The service refuses a longer server timeout. */
export const MAX_SERVER_TIMEOUT_SECONDS = 600;
/** Five minutes, so query, deadline slack, storage and notices fit host.json's 10-minute functionTimeout. */
export const DEFAULT_SERVER_TIMEOUT_SECONDS = 300;
/** Log Analytics' default result cap in rows (the other cap is 64 MB). */
export const LOG_ANALYTICS_ROW_CAP = 500_000;

/** Token audiences per cloud, keyed by API host; the SDK's own `audience` option is ignored in 1.0.0. */
const AUDIENCE_BY_HOST: Record<string, string> = {
  'api.loganalytics.io': 'https://api.loganalytics.io',
  'api.loganalytics.azure.com': 'https://api.loganalytics.io',
  'api.loganalytics.azure.cn': 'https://api.loganalytics.azure.cn',
  'api.loganalytics.us': 'https://api.loganalytics.us',
};

/** Pipeline options passed through to LogsQueryClient (retries, TLS trust in tests); the rest is ours. */
export type LogAnalyticsClientOptions = Omit<
  LogsQueryClientOptions,
  'endpoint' | 'baseUrl' | 'credentials' | 'audience' | 'apiVersion'
>;

export interface LogAnalyticsSourceOptions {
  /** The workspace ID (its customer id, a GUID), not the ARM resource id. */
  workspaceId: string;
  credential: TokenCredential;
  /** Service root, e.g. https://api.loganalytics.azure.cn for Azure China; "/v1" is added. Default: public cloud. */
  endpoint?: string;
  /** Token audience; default: the one of the endpoint's cloud (public cloud for unknown hosts). */
  audience?: string;
  /**
   * How long the service may run the query (1–600 s). Keep it well under the Function's timeout,
   * which also has to cover storing findings and sending notices.
   */
  serverTimeoutSeconds?: number;
  /**
   * Give up on a query after this long, over all attempts and retry waits (the SDK's own per-attempt
   * timeout leaks its timer). Default: serverTimeoutSeconds + 60 s.
   */
  deadlineMs?: number;
  /** A result with this many rows is treated as truncated. */
  rowCap?: number;
  clientOptions?: LogAnalyticsClientOptions;
}

export class LogAnalyticsSource implements QuerySource {
  readonly name = 'loganalytics';
  readonly workspaceId: string;
  /** Service root without the API version. */
  readonly endpoint: string;
  readonly serverTimeoutSeconds: number;
  private readonly rowCap: number;
  private readonly deadlineMs: number;
  private readonly client: LogsQueryClient;

  constructor(options: LogAnalyticsSourceOptions) {
    this.workspaceId = options.workspaceId.trim();
    if (!this.workspaceId) throw new TypeError('LogAnalyticsSource: workspaceId is empty');
    this.endpoint = serviceRoot(options.endpoint ?? PUBLIC_CLOUD_ENDPOINT);
    this.serverTimeoutSeconds = options.serverTimeoutSeconds ?? DEFAULT_SERVER_TIMEOUT_SECONDS;
    if (
      !Number.isInteger(this.serverTimeoutSeconds) ||
      this.serverTimeoutSeconds < 1 ||
      this.serverTimeoutSeconds > MAX_SERVER_TIMEOUT_SECONDS
    ) {
      throw new RangeError(
        `LogAnalyticsSource: serverTimeoutSeconds must be a whole number from 1 to ${MAX_SERVER_TIMEOUT_SECONDS}, got ${options.serverTimeoutSeconds}`,
      );
    }
    this.rowCap = options.rowCap ?? LOG_ANALYTICS_ROW_CAP;
    // Over all attempts: a stuck connection or a slow retry must not outlive the server's own limit by much.
    this.deadlineMs = options.deadlineMs ?? (this.serverTimeoutSeconds + 60) * 1000;
    if (!Number.isInteger(this.deadlineMs) || this.deadlineMs < 1) {
      throw new RangeError(`LogAnalyticsSource: deadlineMs must be a positive whole number, got ${options.deadlineMs}`);
    }

    const audience = options.audience ?? AUDIENCE_BY_HOST[new URL(this.endpoint).hostname] ?? PUBLIC_CLOUD_ENDPOINT;
    const clientOptions = options.clientOptions ?? {};
    this.client = new LogsQueryClient(options.credential, {
      ...clientOptions,
      // The SDK uses `endpoint` verbatim as the base URL: the API version must be in it.
      endpoint: `${this.endpoint}/v1`,
      credentials: { scopes: [toScope(audience)] },
      additionalPolicies: [...(clientOptions.additionalPolicies ?? []), queryCallPolicy],
    });
  }

  async query(kql: string, window: QueryWindow): Promise<QueryResult> {
    const { start, end } = window;
    if (!(start instanceof Date) || !(end instanceof Date) || !(start.getTime() < end.getTime())) {
      throw new QueryFailedError(`invalid query window: start must be a date before end`);
    }
    const call: QueryCall = { deadlineMs: this.deadlineMs };
    try {
      const result = await inQueryCall(call, () =>
        this.client.queryWorkspace(
          this.workspaceId,
          kql,
          { startTime: start, endTime: end },
          { serverTimeoutInSeconds: this.serverTimeoutSeconds },
        ),
      ).catch((error: unknown) => {
        throw queryError(this.workspaceId, error, call, this.deadlineMs);
      });

      if (result.status === LogsQueryResultStatus.PartialFailure) {
        const discarded = result.partialTables.reduce((n, t) => n + t.rows.length, 0);
        throw partialResultError(this.workspaceId, result.partialError, call, discarded);
      }
      const table = primaryTable(result.tables);
      if (!table) return { columns: [], rows: [] };
      if (table.rows.length >= this.rowCap) throw rowCapError(this.workspaceId, table.rows.length, this.rowCap);
      return toQueryResult(table);
    } finally {
      // The raw body can be tens of MB; nothing needs it once the query is answered.
      call.bodyText = undefined;
    }
  }
}

function primaryTable(tables: LogsTable[]): LogsTable | undefined {
  return tables.find((t) => t.name === 'PrimaryResult') ?? tables[0];
}

function toQueryResult(table: LogsTable): QueryResult {
  const columns: ResultColumn[] = table.columnDescriptors.map((c) => ({ name: c.name, type: c.type }));
  const names = columns.map((c) => c.name);
  // fromEntries defines own properties, so a column named "__proto__" stays a column.
  const rows: Row[] = table.rows.map((values) => Object.fromEntries(names.map((name, i) => [name, values[i]])));
  return { columns, rows };
}

/** `https://host[/prefix]` without a trailing slash or API version; refuses anything but https. */
export function serviceRoot(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    throw new TypeError(`Log Analytics endpoint "${endpoint}" is not a URL (example: ${PUBLIC_CLOUD_ENDPOINT})`);
  }
  // The bearer token must never travel in clear text; the SDK refuses too, but only at the first query.
  if (url.protocol !== 'https:') {
    throw new TypeError(`Log Analytics endpoint "${endpoint}" must use https`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new TypeError(`Log Analytics endpoint "${endpoint}" must be a plain https URL without query, fragment or credentials`);
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v1$/i, '');
  return `${url.origin}${path}`;
}

function toScope(audience: string): string {
  const trimmed = audience.trim().replace(/\/+$/, '');
  return trimmed.endsWith('/.default') ? trimmed : `${trimmed}/.default`;
}

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
import { responseCapturePolicy, withResponseCapture, type CapturedResponse } from './logAnalyticsResponses.js';
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
  private readonly clientTimeoutMs: number;
  private readonly client: LogsQueryClient;

  constructor(options: LogAnalyticsSourceOptions) {
    this.workspaceId = options.workspaceId.trim();
    if (!this.workspaceId) throw new TypeError('LogAnalyticsSource: workspaceId is empty');
    this.endpoint = serviceRoot(options.endpoint ?? PUBLIC_CLOUD_ENDPOINT);
    this.serverTimeoutSeconds = options.serverTimeoutSeconds ?? MAX_SERVER_TIMEOUT_SECONDS;
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
    // A stuck connection must not outlive the server's own limit by much; the SDK does not retry an abort.
    this.clientTimeoutMs = (this.serverTimeoutSeconds + 30) * 1000;

    const audience = options.audience ?? AUDIENCE_BY_HOST[new URL(this.endpoint).hostname] ?? PUBLIC_CLOUD_ENDPOINT;
    const clientOptions = options.clientOptions ?? {};
    this.client = new LogsQueryClient(options.credential, {
      ...clientOptions,
      // The SDK uses `endpoint` verbatim as the base URL: the API version must be in it.
      endpoint: `${this.endpoint}/v1`,
      credentials: { scopes: [toScope(audience)] },
      additionalPolicies: [...(clientOptions.additionalPolicies ?? []), responseCapturePolicy],
    });
  }

  async query(kql: string, window: QueryWindow): Promise<QueryResult> {
    const { start, end } = window;
    if (!(start instanceof Date) || !(end instanceof Date) || !(start.getTime() < end.getTime())) {
      throw new QueryFailedError(`invalid query window: start must be a date before end`);
    }
    const capture: CapturedResponse = {};
    try {
      const result = await withResponseCapture(capture, () =>
        this.client.queryWorkspace(
          this.workspaceId,
          kql,
          { startTime: start, endTime: end },
          {
            serverTimeoutInSeconds: this.serverTimeoutSeconds,
            requestOptions: { timeout: this.clientTimeoutMs },
          },
        ),
      ).catch((error: unknown) => {
        throw queryError(this.workspaceId, error, capture, this.clientTimeoutMs);
      });

      if (result.status === LogsQueryResultStatus.PartialFailure) {
        const discarded = result.partialTables.reduce((n, t) => n + t.rows.length, 0);
        throw partialResultError(this.workspaceId, result.partialError, capture, discarded);
      }
      const table = primaryTable(result.tables);
      if (!table) return { columns: [], rows: [] };
      if (table.rows.length >= this.rowCap) throw rowCapError(this.workspaceId, table.rows.length, this.rowCap);
      return toQueryResult(table);
    } finally {
      // The raw body can be tens of MB; nothing needs it once the query is answered.
      capture.bodyText = undefined;
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

/**
 * The one contract every query backend honours (DESIGN.md "Contracts").
 * The window is applied outside the KQL, as the Log Analytics query API's timespan does,
 * so hunt queries stay verbatim.
 */

/** A Kusto scalar type name as it appears in result schemas ("string", "long", "datetime", "dynamic", ...). */
export type ColumnType = string;

export interface ResultColumn {
  name: string;
  type: ColumnType;
}

/**
 * One result row keyed by column name. Values use the shapes @azure/monitor-query-logs produces:
 * string, number (int/long/real), boolean, Date (datetime), parsed JSON (dynamic), null (typed null).
 */
export type Row = Record<string, unknown>;

export interface QueryWindow {
  start: Date;
  end: Date;
}

export interface QueryResult {
  columns: ResultColumn[];
  rows: Row[];
}

export interface QuerySource {
  /** "local" or "loganalytics": shown in run summaries. */
  readonly name: string;
  query(kql: string, window: QueryWindow): Promise<QueryResult>;
}

/** A query that failed, was partial or was truncated: the run must fail, never use what came back. */
export class QueryFailedError extends Error {
  constructor(
    message: string,
    readonly code: 'error' | 'partial' | 'truncated' = 'error',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'QueryFailedError';
  }
}

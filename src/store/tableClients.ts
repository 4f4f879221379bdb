/**
 * TableClients for the store's tables, from either a connection string (Azurite, local) or an
 * account URL with a TokenCredential (Azure, managed identity: no key in app settings).
 */
import type { TokenCredential } from '@azure/core-auth';
import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import { isLoopbackHttp } from '../util/loopback.js';

export type TableSettings =
  | { connectionString: string; tablePrefix?: string; clientOptions?: TableServiceClientOptions }
  | {
      /** https://<account>.table.core.windows.net */
      accountUrl: string;
      credential: TokenCredential;
      tablePrefix?: string;
      clientOptions?: TableServiceClientOptions;
    };

export interface TableNames {
  findings: string;
  runs: string;
  hunts: string;
  /** Findings triaged as false positives: later runs drop them (triageStore.ts). */
  suppressions: string;
}

export interface TableServiceConfig {
  names: TableNames;
  findings: TableClient;
  runs: TableClient;
  hunts: TableClient;
  suppressions: TableClient;
}

const BASE_NAMES: TableNames = { findings: 'findings', runs: 'runs', hunts: 'hunts', suppressions: 'suppressions' };

/** Table Storage's limit on a table name; the prefix leaves room for the longest name we add to it. */
const MAX_TABLE_NAME = 63;
export const MAX_TABLE_PREFIX_LENGTH = MAX_TABLE_NAME - Math.max(...Object.values(BASE_NAMES).map((n) => n.length));

/** What is wrong with a table prefix (Table Storage names: letters and digits, a letter first, 3-63 long), or null. */
export function tablePrefixProblem(prefix: string): string | null {
  const bad = /[^A-Za-z0-9]/.exec(prefix);
  if (bad) return `holds ${JSON.stringify(bad[0])} at position ${bad.index + 1}; table names take only letters and digits`;
  if (!/^[A-Za-z]/.test(prefix)) return 'starts with a digit; table names start with a letter';
  if (prefix.length > MAX_TABLE_PREFIX_LENGTH) {
    return `is ${prefix.length} characters long; at most ${MAX_TABLE_PREFIX_LENGTH}, since the table names add up to ${MAX_TABLE_NAME - MAX_TABLE_PREFIX_LENGTH} more and may be ${MAX_TABLE_NAME} long`;
  }
  return null;
}

/**
 * `findings`, `runs`, `hunts`, `suppressions`; with a prefix, `<prefix>Findings`, `<prefix>Runs`, …,
 * so several deployments (or test suites) can share one storage account.
 */
export function tableNames(prefix = ''): TableNames {
  if (prefix === '') return { ...BASE_NAMES };
  const problem = tablePrefixProblem(prefix);
  if (problem) throw new Error(`table prefix "${prefix}" ${problem}`);
  const named = (base: string): string => prefix + base[0]!.toUpperCase() + base.slice(1);
  return { findings: named('findings'), runs: named('runs'), hunts: named('hunts'), suppressions: named('suppressions') };
}

export function createTableServiceConfig(settings: TableSettings): TableServiceConfig {
  const names = tableNames(settings.tablePrefix);
  const make = (table: string): TableClient => {
    if ('connectionString' in settings) {
      const options: TableServiceClientOptions = { ...settings.clientOptions };
      // Azurite speaks plain http; the SDK refuses that unless told, and only loopback may use it.
      if (isLoopbackEndpoint(tableEndpoint(settings.connectionString))) options.allowInsecureConnection = true;
      return TableClient.fromConnectionString(settings.connectionString, table, options);
    }
    return new TableClient(settings.accountUrl, table, settings.credential, settings.clientOptions);
  };
  return {
    names,
    findings: make(names.findings),
    runs: make(names.runs),
    hunts: make(names.hunts),
    suppressions: make(names.suppressions),
  };
}

function tableEndpoint(connectionString: string): string | undefined {
  if (/usedevelopmentstorage=true/i.test(connectionString)) return 'http://127.0.0.1:10002';
  return /(?:^|;)\s*TableEndpoint=([^;]+)/i.exec(connectionString)?.[1];
}

function isLoopbackEndpoint(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  try {
    return isLoopbackHttp(new URL(endpoint));
  } catch {
    return false;
  }
}

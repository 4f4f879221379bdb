/**
 * TableClients for the store's three tables, from either a connection string (Azurite, local) or an
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
}

export interface TableServiceConfig {
  names: TableNames;
  findings: TableClient;
  runs: TableClient;
  hunts: TableClient;
}

const BASE_NAMES: TableNames = { findings: 'findings', runs: 'runs', hunts: 'hunts' };

/**
 * `findings`, `runs`, `hunts`; with a prefix, `<prefix>Findings`, `<prefix>Runs`, `<prefix>Hunts`,
 * so several deployments (or test suites) can share one storage account. Table names must be
 * alphanumeric, start with a letter and be 3-63 long, so the prefix is held to that too.
 */
export function tableNames(prefix = ''): TableNames {
  if (prefix === '') return { ...BASE_NAMES };
  if (!/^[A-Za-z][A-Za-z0-9]{0,55}$/.test(prefix)) {
    throw new Error(
      `table prefix "${prefix}" must be letters and digits, start with a letter, at most 56 long`,
    );
  }
  const named = (base: string): string => prefix + base[0]!.toUpperCase() + base.slice(1);
  return { findings: named('findings'), runs: named('runs'), hunts: named('hunts') };
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
  return { names, findings: make(names.findings), runs: make(names.runs), hunts: make(names.hunts) };
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

import type { TokenCredential } from '@azure/core-auth';
import { createAzureCredential } from '../sources/azureCredential.js';
import { SettingsError } from '../util/settingsError.js';
import type { TableSettings } from '../store/tableClients.js';

export const TABLES_CONNECTION_STRING = 'TABLES_CONNECTION_STRING';
export const TABLES_ACCOUNT_URL = 'TABLES_ACCOUNT_URL';
export const TABLES_PREFIX = 'TABLES_PREFIX';

/**
 * Where findings are kept. In Azure: the account URL with the managed identity (no key anywhere),
 * defaulting to the Functions host's own storage account; locally: a connection string (Azurite).
 */
export function tableSettingsFromEnv(env: NodeJS.ProcessEnv, credential?: () => TokenCredential): TableSettings {
  const tablePrefix = env[TABLES_PREFIX]?.trim() || undefined;
  const connectionString = env[TABLES_CONNECTION_STRING]?.trim();
  if (connectionString) return { connectionString, tablePrefix };
  const hostAccount = env.AzureWebJobsStorage__accountName?.trim();
  const accountUrl = env[TABLES_ACCOUNT_URL]?.trim() || (hostAccount ? `https://${hostAccount}.table.core.windows.net` : '');
  if (!accountUrl) {
    throw new SettingsError(
      TABLES_ACCOUNT_URL,
      `is not set: set it to https://<account>.table.core.windows.net (the Function's identity needs Storage Table Data Contributor), or ${TABLES_CONNECTION_STRING} for Azurite`,
    );
  }
  if (!/^https:\/\/[^/]+\/?$/.test(accountUrl)) {
    throw new SettingsError(TABLES_ACCOUNT_URL, `"${accountUrl}" must be an https account URL with no path, e.g. https://mystorage.table.core.windows.net`);
  }
  return { accountUrl, credential: credential ? credential() : createAzureCredential(env), tablePrefix };
}

/** A per-hunt schedule override: HUNT_SCHEDULE_<FILE NAME IN CAPITALS, "-" as "_">. */
export function scheduleSetting(slug: string): string {
  return `HUNT_SCHEDULE_${slug.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

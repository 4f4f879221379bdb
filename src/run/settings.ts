import type { TokenCredential } from '@azure/core-auth';
import { createAzureCredential } from '../sources/azureCredential.js';
import { logAnalyticsSettingsFromEnv } from '../sources/fromSettings.js';
import { CONNECTION_STRING_FIX, connectionStringProblem } from '../store/connectionString.js';
import { tablePrefixProblem, type TableSettings } from '../store/tableClients.js';
import { SettingsError } from '../util/settingsError.js';

export const TABLES_CONNECTION_STRING = 'TABLES_CONNECTION_STRING';
export const TABLES_ACCOUNT_URL = 'TABLES_ACCOUNT_URL';
export const TABLES_PREFIX = 'TABLES_PREFIX';
const HOST_STORAGE_ACCOUNT = 'AzureWebJobsStorage__accountName';
const CLIENT_ID = 'AZURE_CLIENT_ID';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACCOUNT_URL_EXAMPLE = 'https://<account>.table.core.windows.net';

/** Where the tables are, before any credential: what `tableSettingsFromEnv` checks, and start-up checks too. */
export type TableLocation = { connectionString: string; tablePrefix?: string } | { accountUrl: string; tablePrefix?: string };

/** TABLES_PREFIX, checked against Table Storage's naming rules with the names we add to it. */
export function tablePrefixFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const prefix = env[TABLES_PREFIX]?.trim() || undefined;
  const problem = prefix === undefined ? null : tablePrefixProblem(prefix);
  if (problem) throw new SettingsError(TABLES_PREFIX, `${problem}. Use a short name of letters and digits starting with a letter, e.g. prod or hunts2`);
  return prefix;
}

/** The account's table endpoint; never echoed, since a pasted SAS URL carries its signature. */
function checkAccountUrl(text: string, setting: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SettingsError(setting, `is not a URL; set it to ${ACCOUNT_URL_EXAMPLE} (the Function's identity needs Storage Table Data Contributor)`);
  }
  if (url.protocol !== 'https:') throw new SettingsError(setting, `must be an https account URL, e.g. ${ACCOUNT_URL_EXAMPLE}`);
  if (url.search || url.hash || url.username || url.password) {
    throw new SettingsError(setting, `must be the account URL alone, without a query (a SAS), fragment or user name; the identity signs in, no key or SAS is needed: ${ACCOUNT_URL_EXAMPLE}`);
  }
  if (url.pathname.replace(/\/+$/, '') !== '') {
    throw new SettingsError(setting, `must be an https account URL with no path (no table name), e.g. ${ACCOUNT_URL_EXAMPLE}`);
  }
  if (/\.(blob|queue|file|dfs)\./i.test(url.hostname)) {
    throw new SettingsError(setting, `is another service's endpoint of the account; use its table endpoint, ${ACCOUNT_URL_EXAMPLE}`);
  }
  return text;
}

export function tableLocationFromEnv(env: NodeJS.ProcessEnv): TableLocation {
  const where = tableEndpointFromEnv(env);
  return { ...where, tablePrefix: tablePrefixFromEnv(env) };
}

function tableEndpointFromEnv(env: NodeJS.ProcessEnv): { connectionString: string } | { accountUrl: string } {
  const connectionString = env[TABLES_CONNECTION_STRING]?.trim();
  if (connectionString) {
    const problem = connectionStringProblem(connectionString);
    if (problem) throw new SettingsError(TABLES_CONNECTION_STRING, `${problem}. ${CONNECTION_STRING_FIX}`);
    return { connectionString };
  }
  const explicit = env[TABLES_ACCOUNT_URL]?.trim();
  if (explicit) return { accountUrl: checkAccountUrl(explicit, TABLES_ACCOUNT_URL) };
  const hostAccount = env[HOST_STORAGE_ACCOUNT]?.trim();
  if (hostAccount) {
    if (!/^[a-z0-9]{3,24}$/.test(hostAccount)) {
      throw new SettingsError(HOST_STORAGE_ACCOUNT, 'is not a storage account name (3-24 lower-case letters and digits); set it to the account name alone, or set TABLES_ACCOUNT_URL');
    }
    return { accountUrl: `https://${hostAccount}.table.core.windows.net` };
  }
  throw new SettingsError(
    TABLES_ACCOUNT_URL,
    `is not set: set it to ${ACCOUNT_URL_EXAMPLE} (the Function's identity needs Storage Table Data Contributor), or ${TABLES_CONNECTION_STRING} for Azurite`,
  );
}

/**
 * Where findings are kept. In Azure: the account URL with the managed identity (no key anywhere),
 * defaulting to the Functions host's own storage account; locally: a connection string (Azurite).
 */
export function tableSettingsFromEnv(env: NodeJS.ProcessEnv, credential?: () => TokenCredential): TableSettings {
  const location = tableLocationFromEnv(env);
  if ('connectionString' in location) return location;
  return { ...location, credential: credential ? credential() : createAzureCredential(env) };
}

/**
 * Every setting a run in Azure reads, checked at start-up so that a typo is in the first lines the
 * app logs, not in a run's failure hours later. Each problem names its setting and the fix.
 */
export function checkRunSettings(env: NodeJS.ProcessEnv): SettingsError[] {
  const problems: SettingsError[] = [];
  const check = (read: () => unknown) => {
    try {
      read();
    } catch (err) {
      if (!(err instanceof SettingsError)) throw err;
      problems.push(err);
    }
  };
  // Apart, so that a bad connection string does not hide a bad prefix.
  check(() => tableEndpointFromEnv(env));
  check(() => tablePrefixFromEnv(env));
  check(() => logAnalyticsSettingsFromEnv(env));
  check(() => clientIdFromEnv(env));
  return problems;
}

/** AZURE_CLIENT_ID picks the user-assigned identity; anything but a GUID fails only at the first sign-in. */
export function clientIdFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const id = env[CLIENT_ID]?.trim() || undefined;
  if (id !== undefined && !GUID.test(id)) {
    throw new SettingsError(CLIENT_ID, "is not a GUID; set it to the managed identity's client ID (portal: the identity > Overview > Client ID), not its name or resource ID");
  }
  return id;
}

/** A per-hunt schedule override: HUNT_SCHEDULE_<FILE NAME IN CAPITALS, "-" as "_">. */
export function scheduleSetting(slug: string): string {
  return `HUNT_SCHEDULE_${slug.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

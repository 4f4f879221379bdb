/**
 * Builds the Log Analytics source from app settings (environment variables). Every error names the
 * setting and says how to fix it: these are read once at start-up by someone deploying.
 */
import type { TokenCredential } from '@azure/core-auth';
import { SettingsError } from '../util/settingsError.js';
import { createAzureCredential } from './azureCredential.js';
import {
  LogAnalyticsSource,
  MAX_SERVER_TIMEOUT_SECONDS,
  serviceRoot,
  type LogAnalyticsClientOptions,
} from './logAnalytics.js';

export const WORKSPACE_ID_SETTING = 'LOG_ANALYTICS_WORKSPACE_ID';
export const ENDPOINT_SETTING = 'LOG_ANALYTICS_ENDPOINT';
export const SERVER_TIMEOUT_SETTING = 'LOG_ANALYTICS_SERVER_TIMEOUT_SECONDS';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WHERE_TO_FIND =
  'Use the workspace ID (a GUID): Azure portal > Log Analytics workspace > Overview > Workspace ID, or ' +
  '`az monitor log-analytics workspace show -g <resource-group> -n <workspace> --query customerId -o tsv`.';

/** The workspace ID, validated; a pasted resource ID or workspace name gets a specific fix. */
export function parseWorkspaceId(value: string | undefined): string {
  const text = value?.trim() ?? '';
  if (!text) throw new SettingsError(WORKSPACE_ID_SETTING, `is not set. ${WHERE_TO_FIND}`);
  if (GUID.test(text)) return text.toLowerCase();
  if (/^\/?subscriptions\//i.test(text) || text.toLowerCase().includes('/providers/microsoft.operationalinsights/')) {
    throw new SettingsError(
      WORKSPACE_ID_SETTING,
      `"${text}" is an Azure resource ID, but the query API needs the workspace ID (its customerId), not the resource ID. ${WHERE_TO_FIND}`,
    );
  }
  throw new SettingsError(WORKSPACE_ID_SETTING, `"${text}" is not a workspace ID (a GUID, not the workspace name). ${WHERE_TO_FIND}`);
}

export interface LogAnalyticsSettings {
  workspaceId: string;
  endpoint?: string;
  serverTimeoutSeconds?: number;
}

/** The endpoint of another cloud; checked here so no message repeats it (it could carry credentials). */
function parseEndpoint(text: string): string {
  const fix = 'Leave it unset for the public cloud, or set the API root of your cloud, e.g. https://api.loganalytics.azure.cn or https://api.loganalytics.us.';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SettingsError(ENDPOINT_SETTING, `is not a URL. ${fix}`);
  }
  if (url.protocol !== 'https:') throw new SettingsError(ENDPOINT_SETTING, `must use https (the sign-in token travels with each query). ${fix}`);
  if (url.search || url.hash || url.username || url.password) {
    throw new SettingsError(ENDPOINT_SETTING, `must be a plain https URL, without query, fragment or user name. ${fix}`);
  }
  try {
    return serviceRoot(text);
  } catch {
    throw new SettingsError(ENDPOINT_SETTING, `is not an API root. ${fix}`);
  }
}

/** Every Log Analytics setting, checked, without building a client: start-up checks use it too. */
export function logAnalyticsSettingsFromEnv(env: NodeJS.ProcessEnv): LogAnalyticsSettings {
  const workspaceId = parseWorkspaceId(env[WORKSPACE_ID_SETTING]);
  const endpointText = env[ENDPOINT_SETTING]?.trim() || undefined;
  const endpoint = endpointText ? parseEndpoint(endpointText) : undefined;

  const timeoutText = env[SERVER_TIMEOUT_SETTING]?.trim() || undefined;
  let serverTimeoutSeconds: number | undefined;
  if (timeoutText) {
    serverTimeoutSeconds = Number(timeoutText);
    if (!Number.isInteger(serverTimeoutSeconds) || serverTimeoutSeconds < 1 || serverTimeoutSeconds > MAX_SERVER_TIMEOUT_SECONDS) {
      throw new SettingsError(
        SERVER_TIMEOUT_SETTING,
        `"${timeoutText}" must be a whole number of seconds from 1 to ${MAX_SERVER_TIMEOUT_SECONDS}, below the Function's timeout.`,
      );
    }
  }
  return { workspaceId, endpoint, serverTimeoutSeconds };
}

export interface LogAnalyticsFromEnvOverrides {
  /** Default: createAzureCredential(env). Tests pass a static one so nothing reaches Entra ID. */
  credential?: TokenCredential;
  clientOptions?: LogAnalyticsClientOptions;
}

export function logAnalyticsSourceFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  overrides: LogAnalyticsFromEnvOverrides = {},
): LogAnalyticsSource {
  const { workspaceId, endpoint, serverTimeoutSeconds } = logAnalyticsSettingsFromEnv(env);
  return new LogAnalyticsSource({
    workspaceId,
    credential: overrides.credential ?? createAzureCredential(env),
    endpoint,
    serverTimeoutSeconds,
    clientOptions: overrides.clientOptions,
  });
}

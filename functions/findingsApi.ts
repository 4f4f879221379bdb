import type { HttpFunctionOptions } from '@azure/functions';
import { authConfigFromEnv } from '../src/api/auth.js';
import { createFindingsApi } from '../src/api/findingsApi.js';
import type { Hunt } from '../src/hunts/hunt.js';
import { tableSettingsFromEnv } from '../src/run/settings.js';
import { createTableServiceConfig } from '../src/store/tableClients.js';
import { SettingsError } from '../src/util/settingsError.js';
import { webHandler } from './webHandler.js';

export interface HttpFunction {
  name: string;
  options: HttpFunctionOptions;
}

/**
 * The findings API's HTTP triggers. Anonymous at the Functions level: the Entra ID token each call
 * carries is the check (src/api/auth.ts), and without the API settings every call answers 503.
 */
export function findingsApiFunctions(hunts: Hunt[], env: NodeJS.ProcessEnv): { functions: HttpFunction[]; errors: string[] } {
  const api = createFindingsApi({
    hunts,
    env,
    tables: () => createTableServiceConfig(tableSettingsFromEnv(env)),
    log: { error: (m) => console.error(`scheduled-hunts: ${m}`) },
  });
  const handler = webHandler(api.handle);
  const errors: string[] = [];
  try {
    authConfigFromEnv(env);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    errors.push(`${error.message} (the findings API answers 503 until it is set)`);
  }
  return {
    functions: [
      { name: 'api-findings', options: { methods: ['GET'], authLevel: 'anonymous', route: 'findings', handler } },
      { name: 'api-finding', options: { methods: ['GET'], authLevel: 'anonymous', route: 'findings/{hunt}/{id}', handler } },
      { name: 'api-runs', options: { methods: ['GET'], authLevel: 'anonymous', route: 'runs', handler } },
      { name: 'api-triage', options: { methods: ['POST'], authLevel: 'anonymous', route: 'findings/{hunt}/{id}/triage', handler } },
    ],
    errors,
  };
}

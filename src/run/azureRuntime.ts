import type { TokenCredential } from '@azure/core-auth';
import { join } from 'node:path';
import { notifiersFromEnv } from '../notify/fromSettings.js';
import { logAnalyticsSourceFromEnv } from '../sources/fromSettings.js';
import type { LogAnalyticsClientOptions } from '../sources/logAnalytics.js';
import { TableFindingStore } from '../store/tableFindingStore.js';
import { projectRoot } from '../util/paths.js';
import type { RunDeps } from './runHunt.js';
import { functionRunLimits, hostFunctionTimeout, type RunLimits } from './runLimits.js';
import { tableSettingsFromEnv } from './settings.js';

export type RuntimeDeps = Pick<RunDeps, 'source' | 'store' | 'notifiers'> & {
  /** Deadline budget, lease TTL and attempt cap from the Function timeout and app settings. */
  limits: RunLimits;
};

export interface RuntimeOverrides {
  /** Tests pass a static credential so nothing reaches Entra ID. */
  credential?: TokenCredential;
  logAnalyticsClientOptions?: LogAnalyticsClientOptions;
  /** host.json's functionTimeout; default: read from the app's host.json. */
  hostFunctionTimeout?: string;
}

/**
 * The Azure side of a run, built from app settings on first use and shared by every invocation of the
 * process (clients keep their connections warm). A failed build is not cached: the next run retries it.
 */
export function azureRuntime(env: NodeJS.ProcessEnv, overrides: RuntimeOverrides = {}): () => Promise<RuntimeDeps> {
  let pending: Promise<RuntimeDeps> | undefined;
  const build = async (): Promise<RuntimeDeps> => {
    const limits = functionRunLimits(env, 'hostFunctionTimeout' in overrides ? overrides.hostFunctionTimeout : hostFunctionTimeout(join(projectRoot(), 'host.json')));
    const credential = overrides.credential;
    const store = TableFindingStore.fromSettings(tableSettingsFromEnv(env, credential && (() => credential)));
    await store.ensureTables();
    const source = logAnalyticsSourceFromEnv(env, { credential, clientOptions: overrides.logAnalyticsClientOptions });
    return { store, source, notifiers: notifiersFromEnv(env), limits };
  };
  return () => {
    pending ??= build().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}

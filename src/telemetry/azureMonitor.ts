/**
 * Sends the spans and metrics to Application Insights through the Azure Monitor OpenTelemetry distro,
 * signed in with Entra ID: the infra disables the component's local (key) authentication, so the
 * connection string alone cannot ingest and the managed identity (Monitoring Metrics Publisher) must.
 */
import type { TokenCredential } from '@azure/core-auth';
import { useAzureMonitor, type AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import { metrics, trace } from '@opentelemetry/api';
import { createAzureCredential } from '../sources/azureCredential.js';

export const APPLICATIONINSIGHTS_CONNECTION_STRING = 'APPLICATIONINSIGHTS_CONNECTION_STRING';

/** Longest a run waits for its telemetry to leave; an instance may be frozen right after the handler returns. */
export const FLUSH_TIMEOUT_MS = 10_000;

/**
 * The distro's options, or null when no connection string is set. Every span is kept (no sampling:
 * the alert rules count runs), and the HTTP and Azure SDK auto-instrumentations stay off: the spans
 * they make would record the Teams and webhook URLs, which carry their secret (`sig=`), and at volume
 * one dependency per posted notice.
 */
export function azureMonitorOptions(env: NodeJS.ProcessEnv, credential?: TokenCredential): AzureMonitorOpenTelemetryOptions | null {
  const connectionString = env[APPLICATIONINSIGHTS_CONNECTION_STRING]?.trim();
  if (!connectionString) return null;
  return {
    azureMonitorExporterOptions: { connectionString, credential: credential ?? createAzureCredential(env) },
    samplingRatio: 1,
    tracesPerSecond: 0,
    enableLiveMetrics: false,
    instrumentationOptions: { http: { enabled: false }, azureSdk: { enabled: false } },
  };
}

let started: boolean | undefined;

/** Starts telemetry once per process; without a connection string it stays off and says so once. */
export function startTelemetry(env: NodeJS.ProcessEnv, log: (message: string) => void): boolean {
  if (started !== undefined) return started;
  const options = azureMonitorOptions(env);
  if (!options) {
    log(`scheduled-hunts: telemetry off: ${APPLICATIONINSIGHTS_CONNECTION_STRING} is not set (spans and metrics of each run go nowhere; the infra sets it in Azure)`);
    return (started = false);
  }
  useAzureMonitor(options);
  return (started = true);
}

type Flushable = { forceFlush?: () => Promise<void>; getDelegate?: () => unknown };

/**
 * Pushes out what the global providers hold, bounded by FLUSH_TIMEOUT_MS. Flex Consumption may freeze
 * or stop an instance once its last invocation returns, before a batch or the minute's metric export.
 */
export async function flushTelemetry(timeoutMs = FLUSH_TIMEOUT_MS): Promise<void> {
  const tracerProvider = trace.getTracerProvider() as Flushable;
  const delegate = (tracerProvider.getDelegate?.() ?? tracerProvider) as Flushable;
  const meterProvider = metrics.getMeterProvider() as Flushable;
  const flushes = [delegate, meterProvider].filter((p) => typeof p.forceFlush === 'function').map((p) => p.forceFlush!());
  if (!flushes.length) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
    timer.unref();
  });
  try {
    await Promise.race([Promise.allSettled(flushes), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

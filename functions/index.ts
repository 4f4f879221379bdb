import { app } from '@azure/functions';
import { join } from 'node:path';
import { formatLoadError, loadHunts } from '../src/hunts/load.js';
import { azureRuntime } from '../src/run/azureRuntime.js';
import { startTelemetry } from '../src/telemetry/azureMonitor.js';
import { projectRoot } from '../src/util/paths.js';
import { huntTimers } from './huntTimers.js';
import { watchdogTimer } from './watchdogTimer.js';

// Before anything runs, so every run's spans and metrics have somewhere to go.
startTelemetry(process.env, (m) => console.info(m));

// Timers must be registered while the module loads, so hunts are read synchronously here.
const huntsDir = process.env.HUNTS_DIR ?? join(projectRoot(), 'hunts');
const loaded = loadHunts(huntsDir, 'hunts');
for (const e of loaded.errors) console.error(`scheduled-hunts: ${formatLoadError(e)}`);

const runtime = azureRuntime(process.env);
const { timers, errors } = huntTimers(loaded.hunts, process.env, runtime);
for (const e of errors) console.error(`scheduled-hunts: ${e}`);
for (const t of timers) app.timer(t.name, t.options);
if (timers.length) {
  const watchdog = watchdogTimer(loaded.hunts, process.env, runtime);
  app.timer(watchdog.name, watchdog.options);
}

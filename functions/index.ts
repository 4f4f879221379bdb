import { app } from '@azure/functions';
import { join } from 'node:path';
import { formatLoadError, loadHunts } from '../src/hunts/load.js';
import { azureRuntime } from '../src/run/azureRuntime.js';
import { checkRunSettings } from '../src/run/settings.js';
import { startTelemetry } from '../src/telemetry/azureMonitor.js';
import { projectRoot } from '../src/util/paths.js';
import { findingsApiFunctions } from './findingsApi.js';
import { findingsPage } from './findingsPage.js';
import { huntTimers } from './huntTimers.js';
import { warnEachRun } from './loadWarnings.js';
import { watchdogTimer } from './watchdogTimer.js';

// Before anything runs, so every run's spans and metrics have somewhere to go.
startTelemetry(process.env, (m) => console.info(m));

// Timers must be registered while the module loads, so hunts are read synchronously here.
const huntsDir = process.env.HUNTS_DIR ?? join(projectRoot(), 'hunts');
const loaded = loadHunts(huntsDir, 'hunts');
for (const e of loaded.errors) console.error(`scheduled-hunts: ${formatLoadError(e)}`);
const loadWarnings = loaded.warnings.map((w) => `scheduled-hunts: ${formatLoadError(w)}`);
for (const w of loadWarnings) console.warn(w);

// Read now, not at the first run hours later; each run still fails with the same error until fixed.
for (const e of checkRunSettings(process.env)) console.error(`scheduled-hunts: ${e.message}`);

const runtime = azureRuntime(process.env);
const { timers, errors } = huntTimers(loaded.hunts, process.env, runtime);
for (const e of errors) console.error(`scheduled-hunts: ${e}`);
for (const t of timers) app.timer(t.name, warnEachRun(t.options, loadWarnings));
if (timers.length) {
  const watchdog = watchdogTimer(loaded.hunts, process.env, runtime);
  app.timer(watchdog.name, watchdog.options);
}

const api = findingsApiFunctions(loaded.hunts, process.env);
for (const e of api.errors) console.error(`scheduled-hunts: ${e}`);
for (const f of api.functions) app.http(f.name, f.options);
app.http(findingsPage.name, findingsPage.options);

/**
 * The `hunts` command's entry: the commands that load telemetry run in a child node with a larger
 * young generation (youngGeneration.ts); everything else, and that child, runs main.ts here. Kept
 * free of other imports, so deciding costs nothing.
 */
import { spawn } from 'node:child_process';
import { relaunchArgs } from './youngGeneration.js';

const args = relaunchArgs(process.argv, process.execArgv, process.env);
if (args === null) {
  await import('./main.js');
} else {
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  // A terminal's Ctrl+C reaches both; a signal sent to this process alone is passed on.
  const forward = (signal: NodeJS.Signals) => () => {
    child.kill(signal);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, forward(signal));
  child.on('error', (error) => {
    process.stderr.write(`error: could not start ${process.execPath}: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    for (const s of signals) process.removeAllListeners(s);
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}

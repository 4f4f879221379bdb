/**
 * Loading telemetry allocates a string for nearly every value, and most of them live on in the table.
 * With V8's default young generation (16 MB semi-spaces) a load of 10M rows spent a third of its time
 * in scavenges, each slower as the heap grew; with 128 MB semi-spaces the same load took 58 s instead
 * of 78 s (RSS +0.4 GB). V8 reads the size only when a process starts, so the commands that load
 * telemetry start the CLI again with it, unless the flag was given already (node's own options or
 * NODE_OPTIONS): that is how to choose another size.
 */
export const SEMI_SPACE_MB = 128;
const FLAG = '--max-semi-space-size';
const LOADING_COMMANDS = new Set(['run', 'query', 'test', 'serve']);

/** The node arguments to start the CLI again with, or null to go on in this process. */
export function relaunchArgs(argv: readonly string[], execArgv: readonly string[], env: NodeJS.ProcessEnv): string[] | null {
  const given = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => a === FLAG || a.startsWith(`${FLAG}=`));
  if (given) return null;
  const command = argv.slice(2).find((a) => !a.startsWith('-'));
  if (command === undefined || !LOADING_COMMANDS.has(command)) return null;
  return [...execArgv, `${FLAG}=${SEMI_SPACE_MB}`, ...argv.slice(1)];
}

/**
 * Writes the README's sample of `npm start` (the fenced block under "Quick start") from a real run:
 *   npm run docs:readme
 * The run gets a fresh temporary state folder, so every finding is new, as on a fresh clone; its paths are
 * written as `.local/`, where a user's run keeps them. test/integration/cli/quickStart.test.ts fails when
 * the committed block differs from what the command prints (how long each hunt took aside).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const README = fileURLToPath(new URL('../README.md', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The first fenced block after "## Quick start" that starts with a hunt's report line. */
const SAMPLE = /(## Quick start[^]*?```\n)(▶ [^]*?)(\n```)/;

export function readmeSample(readme: string): string | undefined {
  return SAMPLE.exec(readme)?.[2];
}

/** Standard output of `hunts run` on the samples with a fresh state in `localDir`, its paths as a user sees them. */
export function quickStartOutput(stdout: string, localDir: string): string {
  return stdout.replaceAll(`${localDir}/`, '.local/').trimEnd();
}

function main(): void {
  const local = mkdtempSync(join(tmpdir(), 'readme-sample-'));
  try {
    // Only this project's settings are dropped, so the run is the quick start's: no URLs, its own Azurite.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TEAMS_|WEBHOOK_|TABLES_|LOG_ANALYTICS_|HUNT|AZURE_)/.test(k)));
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'run'], {
      cwd: ROOT,
      env: { ...env, HUNTS_LOCAL_DIR: local },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const readme = readFileSync(README, 'utf8');
    if (!readmeSample(readme)) throw new Error(`${README}: no sample block under "## Quick start" (a fenced block starting with "▶ ")`);
    writeFileSync(README, readme.replace(SAMPLE, (_m, head: string, _old: string, tail: string) => head + quickStartOutput(stdout, local) + tail));
    process.stdout.write(`wrote the sample output in ${README}\n`);
  } finally {
    rmSync(local, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();

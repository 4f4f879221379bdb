/** The `hunts` command as a user runs it: a child process, its output and exit code. */
import { execFile } from 'node:child_process';
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './seeds.js';
import { tempDir } from './tempDir.js';

const exec = promisify(execFile);

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

export const CLI = join(ROOT, 'src/cli/main.ts');

/** The environment a user's shell would give, minus every setting this project reads, plus `env`. */
export function cliEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TEAMS_|WEBHOOK_|TABLES_|LOG_ANALYTICS_|HUNT|AZURE_)/.test(k)));
  return { ...clean, ...env };
}

export async function hunts(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: cliEnv(env), maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A temporary copy of the shipped hunts folder (hunts, exclusions, test cases), to change without touching the repo. */
export function copyOfHunts(): string {
  const dir = tempDir('cli-hunts-');
  for (const f of readdirSync(join(ROOT, 'hunts'))) cpSync(join(ROOT, 'hunts', f), join(dir, f));
  return dir;
}

export const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, any>);

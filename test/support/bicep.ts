/**
 * The real Bicep compiler for the infra tests. Looked for, in order: $BICEP_PATH, the version pinned in
 * tools/bicep-cli (restored from NuGet by `.ci/run`), `bicep` on PATH, and the copy `az bicep install`
 * keeps in ~/.azure/bin. Off CI a machine with none of them skips the infra tests with a message saying
 * how to get one; under CI=true a missing compiler is a failure, never a skip.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { ROOT } from './seeds.js';

const PROJECT = join(ROOT, 'tools/bicep-cli/bicep-cli.csproj');

/** The pinned version, read from the restore project so it is written down once. */
export function pinnedBicepVersion(): string {
  const match = /Version="\[([0-9.]+)\]"/.exec(readFileSync(PROJECT, 'utf8'));
  if (!match) throw new Error(`${PROJECT}: no PackageDownload Version="[x.y.z]" found`);
  return match[1];
}

function nugetRid(): string {
  const os = process.platform === 'darwin' ? 'osx' : process.platform === 'win32' ? 'win' : 'linux';
  return `${os}-${process.arch === 'arm64' ? 'arm64' : 'x64'}`;
}

function candidates(): string[] {
  const packages = process.env.NUGET_PACKAGES || join(homedir(), '.nuget', 'packages');
  const exe = process.platform === 'win32' ? 'bicep.exe' : 'bicep';
  return [
    process.env.BICEP_PATH ?? '',
    join(packages, `azure.bicep.commandline.${nugetRid()}`, pinnedBicepVersion(), 'tools', exe),
    exe,
    join(homedir(), '.azure', 'bin', exe),
  ].filter(Boolean);
}

function versionOf(path: string): string | undefined {
  if (path.includes('/') && !existsSync(path)) return undefined;
  const run = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  return run.status === 0 ? /(\d+\.\d+\.\d+)/.exec(run.stdout)?.[1] : undefined;
}

function atLeast(version: string, minimum: string): boolean {
  const [a, b] = [version, minimum].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

export type BicepLookup = { path: string; version: string } | { missing: string };

let cached: BicepLookup | undefined;

export function findBicep(): BicepLookup {
  if (cached) return cached;
  const minimum = pinnedBicepVersion();
  const tooOld: string[] = [];
  for (const path of candidates()) {
    const version = versionOf(path);
    if (!version) continue;
    if (atLeast(version, minimum)) return (cached = { path, version });
    tooOld.push(`${path} is ${version}`);
  }
  const found = tooOld.length ? ` Found only older ones (${tooOld.join('; ')}).` : '';
  return (cached = {
    missing:
      `no Bicep CLI ${minimum} or newer.${found} Get the pinned one with \`dotnet restore tools/bicep-cli\` ` +
      '(fetches Azure.Bicep.CommandLine from NuGet), or `az bicep install`, or set BICEP_PATH to a bicep binary.',
  });
}

/**
 * node:test's skip option for the infra suites: skipped with the reason off CI, never under CI=true
 * (there the lookup throws, which fails the run with the same message).
 */
export function bicepOrSkip(): { skip: string | false; bicep?: string } {
  const found = findBicep();
  if ('path' in found) return { skip: false, bicep: found.path };
  if (process.env.CI === 'true') throw new Error(`CI=true: infra tests need the Bicep compiler: ${found.missing}`);
  return { skip: `infra tests skipped: ${found.missing}` };
}

export interface BicepRun {
  stdout: string;
  stderr: string;
  status: number | null;
}

function spawnOptions(options: { cwd?: string; env?: Record<string, string> }) {
  return {
    cwd: options.cwd ?? ROOT,
    // A clean environment for the parameters it reads, so a developer's own settings cannot leak in.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? homedir(), ...options.env },
    // Generous: a busy machine takes tens of seconds per run.
    timeout: 300_000,
  };
}

/** Runs the compiler; cwd and extra environment (bicepparam's readEnvironmentVariable) as given. */
export function runBicep(bicep: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): BicepRun {
  const run = spawnSync(bicep, args, { ...spawnOptions(options), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}

/** runBicep without blocking, so independent runs overlap on a machine with cores to spare. */
export function runBicepAsync(bicep: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<BicepRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(bicep, args, spawnOptions(options));
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ stdout, stderr, status }));
  });
}

/** Runs the compiler and returns its stdout; a non-zero exit throws with everything it printed. */
export function bicepOk(bicep: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): string {
  const run = runBicep(bicep, args, options);
  if (run.status !== 0) throw new Error(`bicep ${args.join(' ')} failed (${run.status}):\n${run.stderr}${run.stdout}`);
  return run.stdout;
}

export function bicepJson(bicep: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): unknown {
  return JSON.parse(bicepOk(bicep, args, options));
}


/** A parameter value in a .bicepparam file: a literal, or Bicep source as it is (`{ bicep: "readEnvironmentVariable('X')" }`). */
export type BicepParamValue = string | number | boolean | { [key: string]: string } | { bicep: string };

function bicepLiteral(value: BicepParamValue): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value !== 'object') return String(value);
  if ('bicep' in value && Object.keys(value).length === 1) return value.bicep;
  return `{\n${Object.entries(value).map(([k, v]) => `  ${bicepLiteral(k)}: ${bicepLiteral(v)}`).join('\n')}\n}`;
}

export interface Snapshot {
  predictedResources: Array<{ type: string; name: string; id?: string; apiVersion: string; location?: string; kind?: string; tags?: Record<string, string>; properties?: Record<string, any> }>;
  outputs: Record<string, unknown>;
}

/** Where `bicep snapshot` pretends to deploy, so names and ids evaluate to plain strings. */
export const SNAPSHOT_TARGET = {
  subscriptionId: '00000000-0000-0000-0000-0000000000bb',
  tenantId: '00000000-0000-0000-0000-0000000000cc',
  location: 'westeurope',
};

/**
 * Writes `<name>.bicepparam` for `template` into `dir` and evaluates it with `bicep snapshot` at
 * SNAPSHOT_TARGET; a failure throws with everything the compiler printed (runSnapshot returns it instead).
 */
export async function snapshotWith(
  bicep: string,
  template: string,
  dir: string,
  name: string,
  params: Record<string, BicepParamValue>,
  env: Record<string, string> = {},
): Promise<Snapshot> {
  const run = await runSnapshot(bicep, template, dir, name, params, env);
  if (run.status !== 0) throw new Error(`bicep snapshot ${name} failed (${run.status}):\n${run.stderr}${run.stdout}`);
  return JSON.parse(readFileSync(join(dir, `${name}.snapshot.json`), 'utf8')) as Snapshot;
}

export function runSnapshot(
  bicep: string,
  template: string,
  dir: string,
  name: string,
  params: Record<string, BicepParamValue>,
  env: Record<string, string> = {},
): Promise<BicepRun> {
  const using = relative(dir, template).split(sep).join('/');
  const lines = Object.entries(params).map(([key, value]) => `param ${key} = ${bicepLiteral(value)}`);
  writeFileSync(join(dir, `${name}.bicepparam`), `using '${using}'\n${lines.join('\n')}\n`);
  const { subscriptionId, tenantId, location } = SNAPSHOT_TARGET;
  return runBicepAsync(
    bicep,
    ['snapshot', join(dir, `${name}.bicepparam`), '--mode', 'overwrite', '--subscription-id', subscriptionId, '--tenant-id', tenantId, '--location', location],
    { env },
  );
}

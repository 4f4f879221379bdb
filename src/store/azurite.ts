/**
 * Starts Azurite's table service for tests and `npm start`.
 *
 * It runs as a child process rather than in-process: the azurite package exposes no public
 * programmatic API (its `main` is the VS Code extension, and its server classes ship without
 * types), and loading it in-process would also load its telemetry SDK, express and winston into
 * ours. The CLI is its documented surface.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export interface AzuriteOptions {
  /**
   * Folder for Azurite's data (created if missing), or 'memory': nothing on disk, all gone at stop.
   * A folder costs time at volume: Azurite rewrites its whole database to it every 5 s.
   */
  location: string | 'memory';
  /** Fixed port; omitted or 0 picks a free one. */
  port?: number;
  /** False forwards Azurite's access log to our stderr. Default true. */
  silent?: boolean;
  /** How long to wait for Azurite to listen. Default 30 s. */
  startTimeoutMs?: number;
}

export interface RunningAzurite {
  connectionString: string;
  /** Table endpoint including the account path: http://127.0.0.1:PORT/devstoreaccount1 */
  tableUrl: string;
  port: number;
  /** Stops Azurite (it saves its data first); safe to call twice. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
/** Azurite's built-in account. Name and key are published by Microsoft for the emulator: not secrets. */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const READY = 'Azurite Table service successfully started';
const STOP_TIMEOUT_MS = 10_000;
const PORT_ATTEMPTS = 5;

/**
 * Ties the child's life to ours through the IPC channel: when it closes (our stop(), or this process
 * dying in any way, SIGKILL included) the child sends itself SIGINT, which Azurite handles by closing
 * its server and saving its database. Azurite itself ignores a vanished parent, hence this preamble.
 */
const CHILD_PREAMBLE =
  "process.once('disconnect',()=>process.kill(process.pid,'SIGINT'));require(process.argv[1]);";

export async function startAzurite(options: AzuriteOptions): Promise<RunningAzurite> {
  if (options.location !== 'memory') await mkdir(options.location, { recursive: true });
  const main = await azuriteTableMain();
  if (options.port !== undefined && options.port !== 0) {
    return launch(main, options.port, options);
  }
  // A free port found here can be taken before Azurite binds it; Azurite cannot report the port the
  // OS chose for port 0, so a lost race is retried with another port instead.
  let lastError: unknown;
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    try {
      return await launch(main, await freePort(), options);
    } catch (error) {
      if (!(error instanceof PortInUseError)) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

export function azuriteConnectionString(tableUrl: string): string {
  return (
    `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
    `TableEndpoint=${tableUrl};`
  );
}

class PortInUseError extends Error {}

async function launch(main: string, port: number, options: AzuriteOptions): Promise<RunningAzurite> {
  const args = [
    '-e',
    CHILD_PREAMBLE,
    main,
    '--tableHost',
    HOST,
    '--tablePort',
    String(port),
    // Azurite refuses a --location with in-memory persistence.
    ...(options.location === 'memory' ? ['--inMemoryPersistence'] : ['--location', options.location]),
    // Azurite's CLI reports usage to Microsoft unless told not to; we never leave loopback.
    '--disableTelemetry',
    // A newer @azure/data-tables may send an x-ms-version this Azurite does not know yet.
    '--skipApiVersionCheck',
  ];
  const silent = options.silent ?? true;
  if (silent) args.push('--silent');

  const env = { ...process.env };
  // Our connection string assumes the default account; a NODE_OPTIONS such as `--import tsx` only
  // slows the child down.
  delete env.AZURITE_ACCOUNTS;
  delete env.NODE_OPTIONS;

  const child = spawn(process.execPath, args, {
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    windowsHide: true,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  try {
    await waitUntilListening(child, silent, options.startTimeoutMs ?? 30_000);
  } catch (error) {
    await terminate(child, exited);
    throw error;
  }
  // Failures to signal it later surface as 'exit' (or the stop timeout); unheard, they would crash us.
  child.on('error', () => {});
  // A caller that forgets stop() must not hang (a test runner waiting forever): the child alone keeps
  // nothing alive here, and when this process exits the closed IPC channel stops the child.
  child.unref();
  child.channel?.unref();
  for (const stream of [child.stdout, child.stderr]) (stream as { unref?: () => void } | null)?.unref?.();

  const tableUrl = `http://${HOST}:${port}/${AZURITE_ACCOUNT}`;
  let stopping: Promise<void> | undefined;
  return {
    connectionString: azuriteConnectionString(tableUrl),
    tableUrl,
    port,
    stop: () => (stopping ??= terminate(child, exited)),
  };
}

function waitUntilListening(child: ChildProcess, silent: boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    let ready = false;
    const onData = (chunk: Buffer): void => {
      if (!silent) process.stderr.write(chunk);
      if (ready) return;
      output = (output + chunk.toString('utf8')).slice(-8_000);
      if (output.includes(READY)) {
        ready = true;
        cleanup();
        resolve();
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      cleanup();
      const tail = output.trim();
      const message = `Azurite exited before listening (code ${code ?? signal})${tail ? `: ${tail}` : ''}`;
      reject(/EADDRINUSE/.test(tail) ? new PortInUseError(message) : new Error(message));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Azurite did not start within ${timeoutMs} ms: ${output.trim()}`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('error', onError);
    };
    // Keep draining both pipes for the child's whole life: a full pipe would block it.
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (child.connected) child.disconnect();
  else child.kill('SIGINT');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS);
  });
  const late = await Promise.race([exited.then(() => false), timedOut]);
  clearTimeout(timer);
  if (late) {
    child.kill('SIGKILL');
    await exited;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** The script behind the package's `azurite-table` bin, found through its package.json. */
async function azuriteTableMain(): Promise<string> {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('azurite/package.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { bin?: Record<string, string> };
  const bin = manifest.bin?.['azurite-table'];
  if (!bin) throw new Error(`azurite at ${dirname(manifestPath)} has no azurite-table bin`);
  return join(dirname(manifestPath), bin);
}

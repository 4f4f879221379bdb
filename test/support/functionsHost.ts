/**
 * Runs a built Function App package (dist/functionapp) the way the Functions host does: plain `node`
 * on its index.js in a child process, with test/support/functionsWorker.ts preloaded in place of the
 * Node worker. No tsx and no node_modules in the child: only what the package holds.
 *
 *   const app = await startFunctionApp({ appDir, workDir, env });
 *   app.functions            // what index.js registered
 *   await app.invoke('hunt-x') // the handler, through the app's own programming model
 *   await app.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { HostMessage, HttpInvocationRequest, HttpInvocationResponse, LogEntry, RegisteredFunction, WorkerMessage } from './functionsWorker.js';

export type { HttpInvocationRequest, HttpInvocationResponse, LogEntry, RegisteredFunction };

export interface StartOptions {
  /** The built package: index.js, package.json, host.json, hunts/. */
  appDir: string;
  /** A scratch folder for the compiled preload. */
  workDir: string;
  /**
   * The child's whole environment besides PATH: nothing else is inherited, so no developer setting
   * (AZURE_*, proxies) changes what the app does.
   */
  env: Record<string, string>;
  /** How long loading may take. Default 20 s. */
  loadTimeoutMs?: number;
}

export interface Invocation {
  logs: LogEntry[];
  /** The handler's error (with stack), if it threw: the host would mark the invocation failed. */
  error?: string;
  /** An HTTP trigger's answer. */
  response?: HttpInvocationResponse;
}

export interface FunctionAppProcess {
  functions: RegisteredFunction[];
  programmingModel: { name: string; version: string } | null;
  /** Logs the library wrote through the core API's log (system category). */
  systemLogs: LogEntry[];
  /** Everything the app wrote to stderr so far (console.error goes there). */
  stderr(): string;
  /** Runs the function; an HTTP trigger takes the request the host would pass it. */
  invoke(name: string, http?: HttpInvocationRequest): Promise<Invocation>;
  stop(): Promise<void>;
}

const WORKER_SOURCE = fileURLToPath(new URL('./functionsWorker.ts', import.meta.url));

/** The preload as plain JavaScript, since the child runs without tsx. */
async function compiledWorker(workDir: string): Promise<string> {
  const outfile = join(workDir, 'functions-worker.mjs');
  const exists = await access(outfile).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await build({ entryPoints: [WORKER_SOURCE], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'silent' });
  }
  return outfile;
}

export async function startFunctionApp(options: StartOptions): Promise<FunctionAppProcess> {
  const preload = await compiledWorker(options.workDir);
  const child = spawn(process.execPath, ['--import', preload, join(options.appDir, 'index.js')], {
    cwd: options.appDir,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // Exited, with stdout and stderr read to the end. (Not 'close': after the parent's own disconnect()
  // Node never counts the IPC channel as closed, so 'close' does not come.)
  const closed = (stream: NodeJS.EventEmitter) => new Promise<void>((resolve) => stream.once('close', () => resolve()));
  const exited = Promise.all([
    new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code))),
    closed(child.stdout!),
    closed(child.stderr!),
  ]).then(([code]) => code);

  const pending = new Map<number, (invocation: Invocation) => void>();
  let loaded: (message: Extract<WorkerMessage, { kind: 'loaded' }>) => void;
  let failed: (error: Error) => void;
  const ready = new Promise<Extract<WorkerMessage, { kind: 'loaded' }>>((resolve, reject) => {
    loaded = resolve;
    failed = reject;
  });
  child.on('message', (message: WorkerMessage) => {
    if (message.kind === 'loaded') loaded(message);
    else if (message.kind === 'load-failed') failed(new Error(`the app failed to load:\n${message.error}\nstderr:\n${readable(stderr)}`));
    else if (message.kind === 'invoked') pending.get(message.requestId)?.({ logs: message.logs, error: message.error, response: message.response });
  });
  void exited.then((code) => {
    const error = new Error(`the app process exited (code ${code})\nstdout:\n${readable(stdout)}\nstderr:\n${readable(stderr)}`);
    failed(error);
    for (const resolve of [...pending.values()]) resolve({ logs: [], error: error.message });
  });

  const timeoutMs = options.loadTimeoutMs ?? 20_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the app did not finish loading in ${timeoutMs} ms\nstderr:\n${readable(stderr)}`)), timeoutMs);
  });
  let message: Extract<WorkerMessage, { kind: 'loaded' }>;
  try {
    message = await Promise.race([ready, timeout]);
  } catch (error) {
    await stop(child, exited);
    throw error;
  } finally {
    clearTimeout(timer);
  }

  let nextId = 0;
  return {
    functions: message.functions,
    programmingModel: message.programmingModel,
    systemLogs: message.systemLogs,
    stderr: () => stderr,
    invoke(name, http) {
      const requestId = ++nextId;
      return new Promise<Invocation>((resolve) => {
        pending.set(requestId, (invocation) => {
          pending.delete(requestId);
          resolve(invocation);
        });
        const request: HostMessage = { kind: 'invoke', requestId, name, invocationId: `test-invocation-${requestId}`, ...(http && { http }) };
        child.send(request);
      });
    },
    stop: () => stop(child, exited),
  };
}

/**
 * Output for an error message. Node prints the source line of an uncaught error, and a line of the
 * minified bundle is hundreds of kilobytes: long lines are cut.
 */
function readable(output: string): string {
  return output
    .split('\n')
    .map((line) => (line.length > 400 ? `${line.slice(0, 400)}… (${line.length} characters)` : line))
    .join('\n');
}

/** Closing the IPC channel ends the preload's worker; a process that hangs anyway is killed. */
async function stop(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (child.connected) child.disconnect();
  const killTimer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(killTimer);
}

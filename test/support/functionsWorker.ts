/**
 * Preload (`node --import`) standing in for the Azure Functions Node worker around a built app:
 *
 *   node --import <this file, compiled to .mjs> dist/functionapp/index.js
 *
 * Runs in the child process, so it imports nothing but Node built-ins (test/support/functionsHost.ts
 * compiles it and drives it over the IPC channel). What it does, as the worker does:
 * - answers `require('@azure/functions-core')` by patching Module.prototype.require for that one name,
 *   with an object whose registerFunction records each function (and refuses duplicates, and
 *   registrations after start-up);
 * - loads the app's entry point with import() (the same module instance as Node's own main), then
 *   reports what was registered;
 * - on request, invokes a registered function through the programming model the app set, as the
 *   worker's InvocationHandler does: getInvocationModel → getArguments → invokeFunction → getResponse,
 *   with the timer payload the host sends. Logs written through the InvocationContext arrive here as
 *   they would at the worker, and go back to the test.
 */
import Module from 'node:module';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

// ---- the protocol with test/support/functionsHost.ts ------------------------------------------

/** A function as registered through @azure/functions-core (the library's core metadata). */
export interface RegisteredFunction {
  name: string;
  functionId?: string;
  bindings: Record<string, { type: string; direction: string; [key: string]: unknown }>;
  retryOptions?: unknown;
}

export interface LogEntry {
  level: string;
  category: string;
  message: string;
}

/** An HTTP request as the host hands it to an HTTP trigger, and the answer it takes back. */
export interface HttpInvocationRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** The route's parameters ({hunt}, {id}), as the host fills them. */
  params?: Record<string, string>;
}

export interface HttpInvocationResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type WorkerMessage =
  | { kind: 'loaded'; functions: RegisteredFunction[]; programmingModel: { name: string; version: string } | null; systemLogs: LogEntry[] }
  | { kind: 'load-failed'; error: string }
  | { kind: 'invoked'; requestId: number; logs: LogEntry[]; error?: string; response?: HttpInvocationResponse };

export type HostMessage = { kind: 'invoke'; requestId: number; name: string; invocationId: string; http?: HttpInvocationRequest };

// ---- the worker's side of @azure/functions-core -------------------------------------------------

interface CoreInvocationContext {
  invocationId: string;
  request: Record<string, unknown>;
  metadata: { name: string; bindings: RegisteredFunction['bindings'] };
  state?: string;
  log(level: string, category: string, message: string): void;
}

interface RpcTypedData {
  string?: string;
  bytes?: Uint8Array;
  http?: { statusCode?: string; headers?: Record<string, string>; body?: RpcTypedData };
}

interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], handler: unknown): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<{ returnValue?: RpcTypedData }>;
}

interface ProgrammingModel {
  name: string;
  version: string;
  getInvocationModel(coreCtx: CoreInvocationContext): InvocationModel | Promise<InvocationModel>;
}

const registered = new Map<string, { metadata: RegisteredFunction; callback: unknown }>();
const systemLogs: LogEntry[] = [];
let programmingModel: ProgrammingModel | undefined;
let startupDone = false;

class Disposable {
  constructor(private readonly callOnDispose: () => void) {}
  dispose(): void {
    this.callOnDispose();
  }
}

const coreApi = {
  version: '3.0.0-test',
  hostVersion: '4.0.0-test',
  Disposable,
  setProgrammingModel(model: ProgrammingModel): void {
    programmingModel = model;
  },
  getProgrammingModel: (): ProgrammingModel | undefined => programmingModel,
  registerFunction(metadata: RegisteredFunction, callback: unknown): Disposable {
    if (startupDone) throw new Error('A function can only be registered during app startup.');
    const id = metadata.functionId || metadata.name;
    if (registered.has(id)) throw new Error(`A function with id "${id}" has already been registered.`);
    registered.set(id, { metadata, callback });
    return new Disposable(() => registered.delete(id));
  },
  registerHook: (): Disposable => new Disposable(() => {}),
  log(level: string, category: string, ...args: unknown[]): void {
    systemLogs.push({ level, category, message: format(...args) });
  },
};

// The worker's own mechanism: a Proxy on Module.prototype.require, which every CommonJS require
// (including one made by createRequire, as the bundle's banner does) goes through.
const originalRequire = Module.prototype.require;
Module.prototype.require = new Proxy(originalRequire, {
  apply(target, thisArg, args: unknown[]) {
    return args[0] === '@azure/functions-core' ? coreApi : Reflect.apply(target, thisArg, args);
  },
}) as typeof originalRequire;

// ---- talking to the test -----------------------------------------------------------------------

function send(message: WorkerMessage): void {
  if (!process.send) throw new Error('functionsWorker: start this process with an IPC channel');
  process.send(message);
}

function nonNull<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`invoke an HTTP trigger with ${what}`);
  return value;
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** What the host sends an HTTP trigger (RpcHttpData), as the worker receives it. */
function httpPayload(http: HttpInvocationRequest): RpcTypedData & { http: Record<string, unknown> } {
  const url = new URL(http.url);
  return {
    http: {
      method: http.method,
      url: http.url,
      headers: http.headers,
      query: Object.fromEntries(url.searchParams),
      params: http.params ?? {},
      body: http.body === undefined ? undefined : { string: http.body },
    },
  };
}

/** The HTTP answer the app gave back through the programming model (RpcHttpData in the return value). */
function httpAnswer(value: RpcTypedData | undefined): HttpInvocationResponse {
  const http = value?.http;
  if (!http) throw new Error('the HTTP function returned no HTTP response');
  const body = http.body?.bytes ? Buffer.from(http.body.bytes).toString('utf8') : (http.body?.string ?? '');
  return { status: Number(http.statusCode ?? '200'), headers: http.headers ?? {}, body };
}

/** What the Functions host sends for a timer trigger (TimerInfo, PascalCase JSON). */
function timerPayload(): string {
  const now = new Date();
  return JSON.stringify({
    Schedule: { AdjustForDST: true },
    ScheduleStatus: { Last: now.toISOString(), Next: new Date(now.getTime() + 3_600_000).toISOString(), LastUpdated: now.toISOString() },
    IsPastDue: false,
  });
}

async function invoke(message: HostMessage): Promise<void> {
  const logs: LogEntry[] = [];
  try {
    const fn = registered.get(message.name);
    if (!fn) throw new Error(`Function code for '${message.name}' is not loaded and cannot be invoked.`);
    if (!programmingModel) throw new Error('the app never set a programming model');
    const trigger = Object.entries(fn.metadata.bindings).find(([, b]) => b.direction === 'in' && /Trigger$/.test(b.type));
    if (!trigger) throw new Error(`${message.name} has no trigger binding`);
    const coreCtx: CoreInvocationContext = {
      invocationId: message.invocationId,
      request: {
        invocationId: message.invocationId,
        functionId: message.name,
        inputData: [{ name: trigger[0], data: trigger[1].type === 'httpTrigger' ? httpPayload(nonNull(message.http, 'an HTTP request')) : { json: timerPayload() } }],
        triggerMetadata: {},
      },
      metadata: { name: fn.metadata.name, bindings: fn.metadata.bindings },
      log: (level, category, text) => logs.push({ level, category, message: text }),
    };
    const model = await programmingModel.getInvocationModel(coreCtx);
    const { context, inputs } = await model.getArguments();
    let result: unknown;
    coreCtx.state = 'invocation';
    try {
      result = await model.invokeFunction(context, inputs, fn.callback);
    } finally {
      coreCtx.state = undefined;
    }
    const answer = await model.getResponse(context, result);
    send({ kind: 'invoked', requestId: message.requestId, logs, ...(message.http && { response: httpAnswer(answer.returnValue) }) });
  } catch (error) {
    send({ kind: 'invoked', requestId: message.requestId, logs, error: describeError(error) });
  }
}

process.on('message', (message: HostMessage) => {
  if (message.kind === 'invoke') void invoke(message);
});
// The host going away ends the worker, whatever sockets the app keeps open.
process.on('disconnect', () => process.exit(0));

// Node loads the same file as the main module; import() of its real path returns that module once
// it has run, as the worker's own import() of the entry point would.
const entry = process.argv[1];
if (!entry) throw new Error('functionsWorker: give the app entry point (index.js) as the script to run');
import(pathToFileURL(realpathSync(resolve(entry))).href).then(
  () => {
    startupDone = true;
    send({
      kind: 'loaded',
      functions: [...registered.values()].map((f) => f.metadata),
      programmingModel: programmingModel ? { name: programmingModel.name, version: programmingModel.version } : null,
      systemLogs,
    });
  },
  (error: unknown) => send({ kind: 'load-failed', error: describeError(error) }),
);

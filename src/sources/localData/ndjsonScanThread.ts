import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { ColumnRole } from './ndjsonTokens.js';
import { END, FAILED, FULL, NOT_STARTED, ON_PORT, ROWS, SLOTS, STATE, Slot, slotMemory, type SlotMemory } from './ndjsonSlots.js';
import type { ScanJob } from './ndjsonScanWorker.js';

/** What the loading thread does with each slot's rows. */
export interface SlotReader {
  /** Row `row` of the slot, tokenized. */
  tokens(slot: Slot, row: number): void;
  /** A line for JSON.parse, with its line number. */
  line(text: string, line: number): void;
  /** After each slot, with the bytes of the file read so far. */
  slotDone(read: number): void;
}

/** A scan thread that neither fills a slot nor fails within this long is gone (its start included, on a slow machine). */
const WAIT_MS = 120_000;

/**
 * The scan thread's start: it loads its module, which then serves the scans posted to it. A module
 * that does not load answers every scan as not started (on the first slot, where the loading thread
 * waits: blocked, it would never see the Worker's error event), and the loading thread then reads
 * the file itself. CommonJS, as `eval` code is; registers tsx first when running from source.
 */
const BOOT = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.entry);
})().catch((error) => {
  parentPort.removeAllListeners('message');
  parentPort.on('message', (job) => {
    job.port.postMessage(String((error && error.message) || error));
    const header = new Int32Array(job.slots[0].header, 0, 2);
    header[${ROWS}] = ${NOT_STARTED};
    Atomics.store(header, ${STATE}, ${FULL});
    Atomics.notify(header, ${STATE});
  });
});`;

/** The scan thread's module, and tsx's loader when this runs from source; undefined when there is none (a bundle). */
function workerModule(): { entry: string; tsx?: string } | undefined {
  const here = import.meta.url;
  const fromSource = here.endsWith('.ts');
  const entry = new URL(`./ndjsonScanWorker.${fromSource ? 'ts' : 'js'}`, here);
  if (entry.protocol !== 'file:' || !existsSync(fileURLToPath(entry))) return undefined;
  if (!fromSource) return { entry: entry.href };
  // Missing where tsx compiled this module as CommonJS (a script outside this package imported it).
  if (typeof import.meta.resolve !== 'function') return undefined;
  try {
    return { entry: entry.href, tsx: import.meta.resolve('tsx/esm/api') };
  } catch {
    return undefined;
  }
}

/** Set by tests only: the scan thread loads this module instead (one that fails, to see the fallback). */
let moduleForTests: { entry: string } | undefined;

/**
 * Tests only: the next scan thread loads `entry` (a file URL) as its module, the thread started so far
 * is stopped. With a module that fails to load, loads go on without a second thread.
 */
export function useScanModuleForTests(entry: string): void {
  moduleForTests = { entry };
  void thread?.worker.terminate();
  thread = undefined;
}

/** The one scan thread, kept for the next file with its slots' memory; null when none can start. */
let thread: { worker: Worker; memory?: SlotMemory[] } | null | undefined;

/**
 * Starts the scan thread ahead of the first large file, so that its start (a few hundred
 * milliseconds from source) overlaps other work, such as preparing the queries. Idempotent.
 */
export function prestartScanThread(): void {
  if (thread !== undefined) return;
  const module = moduleForTests ?? workerModule();
  thread = null;
  if (!module) return;
  try {
    const worker = new Worker(BOOT, { eval: true, workerData: module });
    // Idle, it must not keep the process alive; a load blocks this thread, which then cannot see its events anyway.
    worker.unref();
    worker.on('error', () => undefined);
    thread = { worker };
  } catch {
    thread = null;
  }
}

/**
 * Scans `path` on the scan thread and hands each slot's rows to `reader` on this one, in file order.
 * Returns false when no thread could be started (nothing was read then); throws what the scan
 * thread or the reader threw.
 */
export function scanOnThread(
  path: string,
  names: readonly string[],
  roles: readonly ColumnRole[],
  /** LineTokenizer's `hashing`, in shared memory. */
  hashing: Int32Array,
  reader: SlotReader,
): boolean {
  prestartScanThread();
  const current = thread;
  if (!current) return false;
  const memory = slotMemory(names.length, current.memory);
  current.memory = memory;
  const slots = memory.map((m) => new Slot(m, names.length));
  const control = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const job: ScanJob = { path, names: [...names], roles: [...roles], slots: memory, control, hashing: hashing.buffer as SharedArrayBuffer, port: port2 };
  current.worker.postMessage(job, [port2]);
  const message = (): string => String(receiveMessageOnPort(port1)?.message ?? 'no reason given');
  try {
    for (let at = 0; ; at = (at + 1) % SLOTS) {
      const slot = slots[at];
      if (!slot.waitFor(FULL, () => false, WAIT_MS)) {
        // Gone or stuck: the next file starts another.
        void current.worker.terminate();
        thread = undefined;
        throw new Error(`${path}: the NDJSON scan thread stopped answering for ${WAIT_MS / 1000} s; run again`);
      }
      const rows = slot.header[ROWS];
      if (rows === END) return true;
      if (rows === FAILED) throw new Error(`${path}: ${message()}`);
      if (rows === NOT_STARTED) {
        message();
        void current.worker.terminate();
        thread = null;
        return false;
      }
      const lines = slot.lines;
      for (let r = 0; r < rows; r++) {
        const line = lines[r * 3];
        if (line === 0) reader.tokens(slot, r);
        else reader.line(lines[r * 3 + 1] === ON_PORT ? message() : slot.bytes.toString('utf8', lines[r * 3 + 1], lines[r * 3 + 2]), line);
      }
      reader.slotDone(slot.bytesRead);
      slot.release();
    }
  } finally {
    // Ends the scan if this thread stopped reading early (a bad line, the reader's error).
    Atomics.store(new Int32Array(control), 0, 1);
    for (const slot of slots) Atomics.notify(slot.header, STATE);
    port1.close();
  }
}

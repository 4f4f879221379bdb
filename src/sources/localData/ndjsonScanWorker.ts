import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, type MessagePort } from 'node:worker_threads';
import { BLANK, FALLBACK, LineTokenizer, bomLength, type ColumnRole } from './ndjsonTokens.js';
import { EMPTY, END, FAILED, ON_PORT, SLOT_BYTES, Slot, rowsPerSlot, type SlotMemory } from './ndjsonSlots.js';

/**
 * The NDJSON scan thread (started by ndjsonScanThread.ts): for each file the loading thread posts, reads
 * it into the ring's slots and tokenizes each line there, so the loading thread only creates the values.
 */

export interface ScanJob {
  path: string;
  names: string[];
  roles: ColumnRole[];
  slots: SlotMemory[];
  /** int32 [0]: set by the loading thread when it stops reading. */
  control: SharedArrayBuffer;
  /** int32 per column: LineTokenizer's `hashing`. */
  hashing: SharedArrayBuffer;
  /** For what does not fit a slot: a line longer than one, an error. The loading thread closes it. */
  port: MessagePort;
}

/** A slot the loading thread has not given back within this long means it is gone. */
const WAIT_MS = 10 * 60_000;

parentPort?.on('message', (job: ScanJob) => {
  const slots = job.slots.map((m) => new Slot(m, job.names.length));
  const control = new Int32Array(job.control);
  const at = { slot: 0 };
  try {
    scan(job, slots, () => Atomics.load(control, 0) !== 0, at);
  } catch (error) {
    job.port.postMessage(error instanceof Error ? error.message : String(error));
    slots[at.slot].publish(FAILED, 0);
  }
});

/** Scans the job's file into its slots, `at.slot` the one being filled. */
function scan(job: ScanJob, slots: Slot[], stopped: () => boolean, at: { slot: number }): void {
  const { path, names, roles } = job;
  const rowsMax = rowsPerSlot(names.length);
  const hashing = new Int32Array(job.hashing);
  const fd = openSync(path, 'r');
  try {
    // Bytes after the last whole line taken: the start of the next slot.
    const carry = Buffer.allocUnsafe(SLOT_BYTES);
    let carried = 0;
    let bytesRead = 0;
    let eof = false;
    let line = 0;
    let first = true;
    const tokenizers = slots.map((s) => new LineTokenizer(names, roles, s.tokens, hashing));
    for (;;) {
      const slot = slots[at.slot];
      if (!slot.waitFor(EMPTY, stopped, WAIT_MS)) return;
      const b = slot.bytes;
      carry.copy(b, 0, 0, carried);
      let have = carried;
      while (!eof && have < SLOT_BYTES) {
        const n = readSync(fd, b, have, SLOT_BYTES - have, null);
        if (n === 0) eof = true;
        have += n;
        bytesRead += n;
      }
      let start = first ? bomLength(b, have) : 0;
      if (have > 0) first = false;
      const opened = start;
      const tokenizer = tokenizers[at.slot];
      let rows = 0;
      while (rows < rowsMax) {
        let nl = b.indexOf(10, start);
        if (nl < 0 || nl >= have) {
          if (!eof || start >= have) break;
          // The last line, without a newline: one is put after it, as after every other line.
          b[have] = 10;
          nl = have;
        }
        line++;
        const taken = tokenizer.scan(b, start, nl, rows);
        if (taken !== BLANK) {
          slot.lines[rows * 3] = taken === FALLBACK ? line : 0;
          slot.lines[rows * 3 + 1] = start;
          slot.lines[rows * 3 + 2] = nl;
          rows++;
        }
        start = nl + 1;
      }
      if (rows === 0 && start === opened && have === SLOT_BYTES) {
        // Not one whole line in a full slot: a line longer than a slot, sent as text.
        const rest = longLine(fd, b.subarray(start, have));
        line++;
        bytesRead += rest.read;
        eof = rest.eof;
        job.port.postMessage(rest.text);
        slot.lines[0] = line;
        slot.lines[1] = ON_PORT;
        rows = 1;
        start = have;
        rest.after.copy(carry, 0);
        carried = rest.after.length;
      } else {
        carried = Math.max(0, have - start);
        b.copy(carry, 0, start, start + carried);
      }
      if (rows === 0 && eof && carried === 0) {
        slot.publish(END, bytesRead);
        return;
      }
      slot.publish(rows, bytesRead);
      at.slot = (at.slot + 1) % slots.length;
    }
  } finally {
    closeSync(fd);
  }
}

/** The rest of a line that began with `head`: its text, and the bytes read past its newline. */
function longLine(fd: number, head: Buffer): { text: string; after: Buffer; read: number; eof: boolean } {
  const pieces = [Buffer.from(head)];
  let read = 0;
  for (;;) {
    const block = Buffer.allocUnsafe(1 << 20);
    const n = readSync(fd, block, 0, block.length, null);
    read += n;
    if (n === 0) return { text: Buffer.concat(pieces).toString('utf8'), after: Buffer.alloc(0), read, eof: true };
    const nl = block.indexOf(10);
    if (nl >= 0 && nl < n) {
      pieces.push(block.subarray(0, nl));
      return { text: Buffer.concat(pieces).toString('utf8'), after: block.subarray(nl + 1, n), read, eof: false };
    }
    pieces.push(block.subarray(0, n));
  }
}

import { RowTokens } from './ndjsonTokens.js';

/**
 * The shared memory between the loading thread and the NDJSON scan thread: a ring of slots, each
 * holding a block of whole lines, their tokens, and a header saying whose turn it is. The scan thread
 * fills a slot while the loading thread turns the one before into column values.
 */

/** Slots in the ring: enough that neither thread waits on the other's uneven blocks. */
export const SLOTS = 4;
/** Bytes of lines per slot; a longer line reaches the loading thread as a message instead. */
export const SLOT_BYTES = 4 << 20;
/** Token memory per slot, whatever the number of columns: rows per slot are this over the column count. */
const TOKENS_PER_SLOT = 1 << 17;

/** Header, int32 indices. */
export const STATE = 0;
/** Rows in a full slot, or one of the END and FAILED markers. */
export const ROWS = 1;

export const EMPTY = 0;
export const FULL = 1;
/** The file is done; no rows. */
export const END = -1;
/** The scan thread failed; its error is the next message on the port. */
export const FAILED = -2;
/** The scan thread's module did not load (its error is the next message on the port): nothing was read. */
export const NOT_STARTED = -3;
/** `line` of a row whose text is the next message on the port (a line longer than a slot). */
export const ON_PORT = -1;

/** Rows per slot at most. */
const MAX_ROWS = 16_384;

/**
 * A slot's memory, kept from one file to the next (fresh memory is slow to touch the first time);
 * the header is a scan's own, so nothing of an abandoned scan can be mistaken for the next one's.
 */
export interface SlotMemory {
  bytes: SharedArrayBuffer;
  /** Per row: its line number when JSON.parse must read it (0 when tokenized), and its byte span. */
  lines: SharedArrayBuffer;
  tokens: ReturnType<typeof RowTokens.sharedMemory>;
  header: SharedArrayBuffer;
}

export function rowsPerSlot(columns: number): number {
  return Math.max(64, Math.min(MAX_ROWS, Math.floor(TOKENS_PER_SLOT / Math.max(1, columns))));
}

/** Slots for a scan of `columns` columns, reusing `kept`'s memory when it is large enough. */
export function slotMemory(columns: number, kept?: readonly SlotMemory[]): SlotMemory[] {
  const values = rowsPerSlot(columns) * columns;
  return Array.from({ length: SLOTS }, (_, k) => {
    const old = kept?.[k];
    return {
      // One byte more than a slot's lines: the tokenizer may look one byte past the last line.
      bytes: old?.bytes ?? new SharedArrayBuffer(SLOT_BYTES + 1),
      lines: old?.lines ?? new SharedArrayBuffer(MAX_ROWS * 12),
      tokens: old && old.tokens.kinds.byteLength >= values ? old.tokens : RowTokens.sharedMemory(Math.max(values, TOKENS_PER_SLOT), 1),
      header: new SharedArrayBuffer(16),
    };
  });
}

/** A slot as both threads see it. */
export class Slot {
  readonly bytes: Buffer;
  readonly header: Int32Array;
  /** Bytes of the file read so far, after the two int32s of the header. */
  private readonly read: Float64Array;
  readonly lines: Int32Array;
  readonly tokens: RowTokens;

  constructor(memory: SlotMemory, columns: number) {
    this.bytes = Buffer.from(memory.bytes);
    this.header = new Int32Array(memory.header, 0, 2);
    this.read = new Float64Array(memory.header, 8, 1);
    this.lines = new Int32Array(memory.lines);
    this.tokens = new RowTokens(columns, rowsPerSlot(columns), memory.tokens);
  }

  get bytesRead(): number {
    return this.read[0];
  }

  /** Hands the slot to the other thread: rows (or a marker) and the bytes read so far. */
  publish(rows: number, bytesRead: number): void {
    this.read[0] = bytesRead;
    this.header[ROWS] = rows;
    Atomics.store(this.header, STATE, FULL);
    Atomics.notify(this.header, STATE);
  }

  /** Gives a read slot back to the scan thread. */
  release(): void {
    Atomics.store(this.header, STATE, EMPTY);
    Atomics.notify(this.header, STATE);
  }

  /**
   * Waits until the slot is in `state`, up to `timeoutMs` in all; false when `stop()` says to give
   * up or the time ran out.
   */
  waitFor(state: number, stop: () => boolean, timeoutMs: number): boolean {
    const until = performance.now() + timeoutMs;
    for (;;) {
      const now = Atomics.load(this.header, STATE);
      if (now === state) return true;
      if (stop() || performance.now() > until) return false;
      Atomics.wait(this.header, STATE, now, 500);
    }
  }
}

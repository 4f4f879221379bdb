import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { ColumnBuilder } from '../../kql/index.js';
import { fieldOf, recordOfLine } from './ndjson.js';
import { prestartScanThread, scanOnThread } from './ndjsonScanThread.js';
import { ASCII, BLANK, FALLBACK, JSON_TEXT, LineTokenizer, MISSING, RowTokens, TICKS, UTF8, bomLength, roleOf } from './ndjsonTokens.js';

/**
 * Bytes read per call. Lines are scanned in place in the buffer, so unlike text decoding a larger
 * block costs nothing more per byte; a line longer than the block grows it.
 */
const BLOCK_BYTES = 1 << 20;

/**
 * Files from this size are scanned on a second thread: below it, starting the thread (a few hundred
 * milliseconds from source) costs more than it saves.
 */
const THREAD_FROM_BYTES = 32 << 20;

/**
 * Starts the scan thread when `path` is large enough to be read with it, so that the thread's start
 * overlaps what comes before the first load (preparing the queries).
 */
export function prepareNdjsonScan(path: string): void {
  try {
    if (statSync(path).size >= THREAD_FROM_BYTES) prestartScanThread();
  } catch {
    // The load that follows reports a file it cannot read.
  }
}

export interface NdjsonScanOptions {
  onBytes?: (read: number, total: number) => void;
  /** 'auto': a second thread for large files; the others force one way (tests read files both ways). */
  threads?: 'auto' | 'thread' | 'inline';
}

/**
 * Some columns of every row of a `<Table>.ndjson` file, scanned from its bytes: a column nobody asked
 * for is stepped over (and checked) without creating its value, and an ASCII string without escapes
 * (most telemetry values) reaches its column as bytes, so a value the column already holds is never
 * created at all. That is most of a load's time and garbage: JSON.parse would build every row's object
 * with every value in it.
 *
 * A line the scanner does not take in one go (escaped keys, unusual whitespace, anything invalid) is
 * read by JSON.parse instead, which then also gives the error for a bad line: the values are the same
 * either way, and a row's values reach the columns only once its whole line was read.
 *
 * Large files are tokenized on a second thread (ndjsonScanThread.ts) while this one creates the
 * values; the tokens, and so the columns, are the same either way. Returns the number of rows and
 * whether a second thread read them.
 */
export function readNdjsonColumns(
  path: string,
  names: readonly string[],
  builders: readonly ColumnBuilder[],
  onRow: () => void,
  options: NdjsonScanOptions = {},
): { rows: number; threaded: boolean } {
  const { onBytes, threads = 'auto' } = options;
  // Opened here whichever thread scans, so a file that cannot be read fails as it always did.
  const fd = openSync(path, 'r');
  try {
    const total = fstatSync(fd).size;
    let rows = 0;
    const fromJson = (text: string, line: number): void => {
      const record = recordOfLine(text, path, line);
      if (record === undefined) return;
      for (let k = 0; k < builders.length; k++) builders[k].add(fieldOf(record, names[k]));
      rows++;
      onRow();
    };
    const roles = builders.map((b) => roleOf(b.type));
    // Shared, for a scan thread to see: a string column that stops sharing its values needs no hashes.
    const hashing = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, builders.length))).fill(1);
    const updateHashing = (): void => {
      for (let k = 0; k < builders.length; k++) if (hashing[k] !== 0 && !builders[k].wantsHash) Atomics.store(hashing, k, 0);
    };
    const threaded =
      (threads === 'thread' || (threads === 'auto' && total >= THREAD_FROM_BYTES)) &&
      scanOnThread(path, names, roles, hashing, {
        tokens(slot, row) {
          commitRow(slot.bytes, slot.tokens, row, builders);
          rows++;
          onRow();
        },
        line: fromJson,
        slotDone(read) {
          updateHashing();
          onBytes?.(read, total);
        },
      });
    // False also when no thread could start: nothing was read then.
    if (threaded) return { rows, threaded };

    const tokens = new RowTokens(names.length, 1);
    const tokenizer = new LineTokenizer(names, roles, tokens, hashing);
    let line = 0;
    const one = (b: Buffer, start: number, end: number): void => {
      line++;
      const taken = tokenizer.scan(b, start, end, 0);
      if (taken === FALLBACK) fromJson(b.toString('utf8', start, end), line);
      else if (taken !== BLANK) {
        commitRow(b, tokens, 0, builders);
        rows++;
        onRow();
      }
    };
    let b = Buffer.allocUnsafe(BLOCK_BYTES);
    let have = 0;
    let read = 0;
    let first = true;
    for (;;) {
      const n = readSync(fd, b, have, b.length - have, null);
      read += n;
      const end = have + n;
      let start = first ? bomLength(b, end) : 0;
      if (end > 0) first = false;
      if (n === 0) {
        if (start < end) {
          // The tokenizer may look one byte past a line: a newline there, as after every other line.
          if (end === b.length) b = Buffer.concat([b, Buffer.of(10)]);
          else b[end] = 10;
          one(b, start, end);
        }
        break;
      }
      for (let nl = b.indexOf(10, start); nl >= 0 && nl < end; nl = b.indexOf(10, start)) {
        one(b, start, nl);
        start = nl + 1;
      }
      have = end - start;
      if (start === 0 && have === b.length) {
        const bigger = Buffer.allocUnsafe(b.length * 2);
        b.copy(bigger, 0, 0, have);
        b = bigger;
      } else b.copy(b, 0, start, end);
      updateHashing();
      onBytes?.(read, total);
    }
    return { rows, threaded: false };
  } finally {
    closeSync(fd);
  }
}

/** Row `row`'s tokens (over bytes `b`) into the columns: what JSON.parse of the line would have given each. */
function commitRow(b: Buffer, tokens: RowTokens, row: number, builders: readonly ColumnBuilder[]): void {
  const { kinds, spans, ticks } = tokens;
  const at = row * builders.length;
  for (let k = 0; k < builders.length; k++) {
    const t = at + k;
    const kind = kinds[t];
    if (kind === ASCII) builders[k].addAscii(b, spans[t * 3], spans[t * 3 + 1], spans[t * 3 + 2]);
    else if (kind === TICKS) {
      const value = ticks[t];
      builders[k].addValue(value === value ? value : null);
    } else if (kind === UTF8) builders[k].add(b.toString('utf8', spans[t * 3], spans[t * 3 + 1]));
    else if (kind === JSON_TEXT) builders[k].add(JSON.parse(b.toString('utf8', spans[t * 3], spans[t * 3 + 1])));
    else if (kind === MISSING) builders[k].add(undefined);
  }
}

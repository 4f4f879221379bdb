import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ColumnBuilder } from '../../kql/index.js';
import { latin1 } from '../../util/latin1.js';
import { fieldOf, recordOfLine } from './ndjson.js';

/**
 * Bytes read per call. Lines are scanned in place in the buffer, so unlike text decoding a larger
 * block costs nothing more per byte; a line longer than the block grows it.
 */
const BLOCK_BYTES = 1 << 20;

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
 * Returns the number of rows.
 */
export function readNdjsonColumns(
  path: string,
  names: readonly string[],
  builders: readonly ColumnBuilder[],
  onRow: () => void,
  onBytes?: (read: number, total: number) => void,
): number {
  const scanner = new LineScanner(names, builders);
  const fd = openSync(path, 'r');
  let rows = 0;
  let line = 0;
  const one = (b: Buffer, start: number, end: number): void => {
    line++;
    let taken = scanner.scan(b, start, end);
    if (taken === FALLBACK) {
      const record = recordOfLine(b.toString('utf8', start, end), path, line);
      if (record === undefined) taken = BLANK;
      else {
        for (let k = 0; k < builders.length; k++) builders[k].add(fieldOf(record, names[k]));
        taken = ROW;
      }
    }
    if (taken === ROW) {
      rows++;
      onRow();
    }
  };
  try {
    const total = fstatSync(fd).size;
    let b = Buffer.allocUnsafe(BLOCK_BYTES);
    let have = 0;
    let read = 0;
    let first = true;
    for (;;) {
      const n = readSync(fd, b, have, b.length - have, null);
      read += n;
      const end = have + n;
      let start = 0;
      if (first && end >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) start = 3;
      if (end > 0) first = false;
      if (n === 0) {
        if (start < end) {
          // The scanner may look one byte past a line: a newline there, as after every other line.
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
      onBytes?.(read, total);
    }
  } finally {
    closeSync(fd);
  }
  return rows;
}

const ROW = 1;
const BLANK = 0;
const FALLBACK = -1;

/** What a column's value was on the line being read. */
const MISSING = 0;
const ASCII = 1;
const VALUE = 2;

/** Bytes past a string's closing quote flag these. */
const HAS_ESCAPE = 1;
const NON_ASCII = 2;

class LineScanner {
  private readonly index: Map<string, number>;
  /** The key names seen at each position of the last lines, and their column (-1: not asked for). */
  private readonly expected: (Buffer | undefined)[] = [];
  private readonly expectedColumn: number[] = [];
  private readonly kind: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly values: unknown[];
  /** Set by stringEnd. */
  private flags = 0;

  constructor(
    names: readonly string[],
    private readonly builders: readonly ColumnBuilder[],
  ) {
    this.index = new Map(names.map((n, k) => [n, k]));
    this.kind = new Uint8Array(names.length);
    this.starts = new Int32Array(names.length);
    this.ends = new Int32Array(names.length);
    this.values = new Array<unknown>(names.length).fill(undefined);
  }

  /** Reads line [start, end): ROW when its values went to the columns, BLANK, or FALLBACK for JSON.parse. */
  scan(b: Buffer, start: number, end: number): number {
    const kind = this.kind;
    kind.fill(MISSING);
    let i = skipSpace(b, start, end);
    if (i === end) return BLANK;
    if (b[i] !== 123 /* { */) return FALLBACK;
    i = skipSpace(b, i + 1, end);
    if (b[i] === 125 /* } */) return this.commit(b, skipSpace(b, i + 1, end) === end);
    for (let ordinal = 0; ; ordinal++) {
      if (i >= end || b[i] !== 34 /* " */) return FALLBACK;
      let keyEnd = this.expectedKeyEnd(b, i + 1, end, ordinal);
      let column: number;
      if (keyEnd >= 0) column = this.expectedColumn[ordinal];
      else {
        keyEnd = this.stringEnd(b, i + 1, end);
        if (keyEnd < 0 || (this.flags & HAS_ESCAPE) !== 0) return FALLBACK;
        column = this.columnOf(b, i + 1, keyEnd, ordinal);
      }
      i = skipSpace(b, keyEnd + 1, end);
      if (b[i] !== 58 /* : */) return FALLBACK;
      i = skipSpace(b, i + 1, end);
      const c = b[i];
      if (c === 34) {
        const valueEnd = this.stringEnd(b, i + 1, end);
        if (valueEnd < 0) return FALLBACK;
        if (column >= 0) {
          if (this.flags === 0) {
            kind[column] = ASCII;
            this.starts[column] = i + 1;
            this.ends[column] = valueEnd;
          } else {
            kind[column] = VALUE;
            this.values[column] = (this.flags & HAS_ESCAPE) === 0 ? b.toString('utf8', i + 1, valueEnd) : JSON.parse(b.toString('utf8', i, valueEnd + 1));
          }
        }
        i = valueEnd + 1;
      } else if (c === 123 || c === 91 /* [ */) {
        const valueEnd = this.compositeEnd(b, i, end);
        if (valueEnd < 0) return FALLBACK;
        let value: unknown;
        try {
          // Parsed even when not asked for: a bad line must be refused whichever columns a query reads.
          value = JSON.parse(b.toString('utf8', i, valueEnd));
        } catch {
          return FALLBACK;
        }
        if (column >= 0) {
          kind[column] = VALUE;
          this.values[column] = value;
        }
        i = valueEnd;
      } else {
        const valueEnd = scalarEnd(b, i, end);
        if (valueEnd < 0) return FALLBACK;
        if (column >= 0) {
          kind[column] = VALUE;
          this.values[column] = JSON.parse(latin1(b, i, valueEnd));
        }
        i = valueEnd;
      }
      i = skipSpace(b, i, end);
      if (b[i] === 44 /* , */) i = skipSpace(b, i + 1, end);
      else if (b[i] === 125) return this.commit(b, skipSpace(b, i + 1, end) === end);
      else return FALLBACK;
    }
  }

  private commit(b: Buffer, whole: boolean): number {
    if (!whole) return FALLBACK;
    const kind = this.kind;
    const builders = this.builders;
    for (let k = 0; k < builders.length; k++) {
      const how = kind[k];
      if (how === ASCII) builders[k].addAscii(b, this.starts[k], this.ends[k]);
      else if (how === VALUE) {
        builders[k].add(this.values[k]);
        this.values[k] = undefined;
      } else builders[k].add(undefined);
    }
    return ROW;
  }

  /**
   * Where the key starting at `start` ends (its closing quote) when it is the key last seen at this
   * position on a line, else -1: rows mostly list their keys in one order, and a key seen before
   * was checked then.
   */
  private expectedKeyEnd(b: Buffer, start: number, end: number, ordinal: number): number {
    const expected = this.expected[ordinal];
    if (expected === undefined) return -1;
    const n = expected.length;
    if (start + n >= end || b[start + n] !== 34) return -1;
    for (let k = 0; k < n; k++) if (b[start + k] !== expected[k]) return -1;
    return start + n;
  }

  /** The column of key [start, end), remembered as the key at `ordinal` for the next lines. */
  private columnOf(b: Buffer, start: number, end: number, ordinal: number): number {
    const column = this.index.get(b.toString('utf8', start, end)) ?? -1;
    this.expected[ordinal] = Buffer.from(b.subarray(start, end));
    this.expectedColumn[ordinal] = column;
    return column;
  }

  /**
   * The index of the closing quote of the string whose text starts at i, or -1 when the line ends
   * first or the string is not valid JSON (a control character, a bad escape). Sets `flags`.
   */
  private stringEnd(b: Buffer, i: number, end: number): number {
    let flags = 0;
    for (; i < end; i++) {
      const c = b[i];
      if (PLAIN[c] === 1) continue;
      if (c === 34) {
        this.flags = flags;
        return i;
      }
      if (c === 92 /* \ */) {
        flags |= HAS_ESCAPE;
        const e = b[++i];
        if (e === 117 /* u */) {
          if (!isHex(b[i + 1]) || !isHex(b[i + 2]) || !isHex(b[i + 3]) || !isHex(b[i + 4])) return -1;
          i += 4;
        } else if (e !== 34 && e !== 92 && e !== 47 && e !== 98 && e !== 102 && e !== 110 && e !== 114 && e !== 116) return -1;
      } else if (c < 32) return -1;
      else if (c > 127) flags |= NON_ASCII;
    }
    return -1;
  }

  /** The index just past the object or array opening at i (its strings checked, the rest by JSON.parse), or -1. */
  private compositeEnd(b: Buffer, i: number, end: number): number {
    let depth = 0;
    for (; i < end; i++) {
      const c = b[i];
      if (c === 34) {
        i = this.stringEnd(b, i + 1, end);
        if (i < 0) return -1;
      } else if (c === 123 || c === 91) depth++;
      else if ((c === 125 || c === 93) && --depth === 0) return i + 1;
    }
    return -1;
  }
}

/** 1 for the bytes a JSON string holds as they are: not a quote, a backslash, a control character or non-ASCII. */
const PLAIN = new Uint8Array(256).map((_, c) => (c >= 32 && c < 128 && c !== 34 && c !== 92 ? 1 : 0));

function skipSpace(b: Buffer, i: number, end: number): number {
  while (i < end) {
    const c = b[i];
    if (c !== 32 && c !== 9 && c !== 13) break;
    i++;
  }
  return i;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The index just past the JSON number, true, false or null at i, or -1 when there is none. */
function scalarEnd(b: Buffer, i: number, end: number): number {
  const c = b[i];
  if (c === 116) return matches(b, i, end, 'true');
  if (c === 102) return matches(b, i, end, 'false');
  if (c === 110) return matches(b, i, end, 'null');
  if (c === 45 /* - */) i++;
  if (b[i] === 48) i++;
  else if (i < end && b[i] >= 49 && b[i] <= 57) while (i < end && isDigit(b[i])) i++;
  else return -1;
  if (b[i] === 46 /* . */) {
    if (!isDigit(b[++i])) return -1;
    while (i < end && isDigit(b[i])) i++;
  }
  if ((b[i] | 32) === 101 /* e */) {
    i++;
    if (b[i] === 43 || b[i] === 45) i++;
    if (!isDigit(b[i])) return -1;
    while (i < end && isDigit(b[i])) i++;
  }
  return i > end ? -1 : i;
}

function matches(b: Buffer, i: number, end: number, word: string): number {
  if (i + word.length > end) return -1;
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) return -1;
  return i + word.length;
}

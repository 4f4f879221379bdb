import { parseDatetime } from '../../kql/values/datetime.js';
import { fnv1aBytes } from '../../kql/values/fnv1a.js';
import { latin1 } from '../../util/latin1.js';

/**
 * Tokens of NDJSON lines: where each wanted column's value sits in a line's bytes, and what it takes
 * to make the value. Nothing here creates a column value a thread could not pass on as numbers, so
 * the same tokenizer runs on the loading thread or on a scan thread beside it (ndjsonScanThread.ts).
 * Imports no more than the worker needs: datetime parsing and the hash.
 */

/** How a column's value was written on a row. */
export const MISSING = 0;
/** An ASCII string without escapes: the bytes between the quotes (and their hash, in a string column). */
export const ASCII = 1;
/** A string without escapes holding non-ASCII bytes: decode the bytes between the quotes as UTF-8. */
export const UTF8 = 2;
/** Any other JSON value: JSON.parse its bytes. */
export const JSON_TEXT = 3;
/** A datetime column's ASCII string, already parsed to ticks (NaN: not a datetime, the typed null). */
export const TICKS = 4;

/** What scan() made of a line. */
export const ROW = 1;
export const BLANK = 0;
/** Not taken in one go (escaped keys, unusual whitespace, anything invalid): JSON.parse the line instead. */
export const FALLBACK = -1;

/** What a column does with an ASCII string: shares it by hash, parses it as a datetime, or converts it later. */
export type ColumnRole = 'string' | 'datetime' | 'other';

export function roleOf(type: string): ColumnRole {
  return type === 'string' ? 'string' : type === 'datetime' ? 'datetime' : 'other';
}

/**
 * Token storage for `rows` rows of `columns` columns, in plain or shared memory: per value a kind,
 * a byte span with a hash (three int32) and ticks.
 */
export class RowTokens {
  readonly kinds: Uint8Array;
  readonly spans: Int32Array;
  readonly ticks: Float64Array;

  constructor(
    readonly columns: number,
    readonly rows: number,
    memory?: { kinds: SharedArrayBuffer; spans: SharedArrayBuffer; ticks: SharedArrayBuffer },
  ) {
    const n = columns * rows;
    this.kinds = memory ? new Uint8Array(memory.kinds) : new Uint8Array(n);
    this.spans = memory ? new Int32Array(memory.spans) : new Int32Array(n * 3);
    this.ticks = memory ? new Float64Array(memory.ticks) : new Float64Array(n);
  }

  static sharedMemory(columns: number, rows: number): { kinds: SharedArrayBuffer; spans: SharedArrayBuffer; ticks: SharedArrayBuffer } {
    const n = columns * rows;
    return { kinds: new SharedArrayBuffer(n), spans: new SharedArrayBuffer(n * 12), ticks: new SharedArrayBuffer(n * 8) };
  }
}

/** Bytes past a string's closing quote flag these. */
const HAS_ESCAPE = 1;
const NON_ASCII = 2;

/**
 * Reads one line at a time into tokens. A key is matched by its bytes against the key seen at the
 * same position on the last line (rows mostly list their keys in one order, and a key seen before
 * was checked then), so most keys are never decoded.
 */
export class LineTokenizer {
  private readonly index: Map<string, number>;
  private readonly roles: ColumnRole[];
  /** The key names seen at each position of the last lines, and their column (-1: not asked for). */
  private readonly expected: (Buffer | undefined)[] = [];
  private readonly expectedColumn: number[] = [];
  /** The last datetime text parsed, as bytes, and its ticks: rows usually carry one instant twice. */
  private readonly lastTime = Buffer.alloc(64);
  private lastTimeLength = 0;
  private lastTicks = NaN;
  /** Set by stringEnd. */
  private flags = 0;

  constructor(
    names: readonly string[],
    roles: readonly ColumnRole[],
    private readonly tokens: RowTokens,
    /** Per column, 1 while its ASCII strings' hashes are wanted (the loading thread clears it). */
    private readonly hashing: Int32Array,
  ) {
    this.index = new Map(names.map((n, k) => [n, k]));
    this.roles = [...roles];
  }

  /**
   * Reads line [start, end) into row `row` of the tokens: ROW, BLANK or FALLBACK. Byte offsets are
   * stored less `base` (where the bytes will sit for their reader). b[end] must be readable.
   */
  scan(b: Buffer, start: number, end: number, row: number, base = 0): number {
    const { kinds, spans, ticks, columns } = this.tokens;
    const at = row * columns;
    kinds.fill(MISSING, at, at + columns);
    let i = skipSpace(b, start, end);
    if (i === end) return BLANK;
    if (b[i] !== 123 /* { */) return FALLBACK;
    i = skipSpace(b, i + 1, end);
    if (b[i] === 125 /* } */) return skipSpace(b, i + 1, end) === end ? ROW : FALLBACK;
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
      let valueStart = i;
      let valueEnd: number;
      let kind = JSON_TEXT;
      if (c === 34) {
        valueEnd = this.stringEnd(b, i + 1, end);
        if (valueEnd < 0) return FALLBACK;
        i = valueEnd + 1;
        if (this.flags === 0) {
          kind = ASCII;
          valueStart++;
        } else if ((this.flags & HAS_ESCAPE) === 0) {
          kind = UTF8;
          valueStart++;
        } else valueEnd++;
      } else if (c === 123 || c === 91 /* [ */) {
        valueEnd = this.compositeEnd(b, i, end);
        if (valueEnd < 0) return FALLBACK;
        try {
          // Parsed even when not asked for: a bad line must be refused whichever columns a query reads.
          JSON.parse(b.toString('utf8', i, valueEnd));
        } catch {
          return FALLBACK;
        }
        i = valueEnd;
      } else {
        valueEnd = scalarEnd(b, i, end);
        if (valueEnd < 0) return FALLBACK;
        i = valueEnd;
      }
      if (column >= 0) {
        const t = at + column;
        const role = this.roles[column];
        if (kind === ASCII && role === 'datetime') {
          kind = TICKS;
          ticks[t] = this.ticksOf(b, valueStart, valueEnd);
        } else {
          spans[t * 3] = valueStart - base;
          spans[t * 3 + 1] = valueEnd - base;
          if (kind === ASCII && role === 'string' && this.hashing[column] !== 0) spans[t * 3 + 2] = fnv1aBytes(b, valueStart, valueEnd);
        }
        kinds[t] = kind;
      }
      i = skipSpace(b, i, end);
      if (b[i] === 44 /* , */) i = skipSpace(b, i + 1, end);
      else if (b[i] === 125) return skipSpace(b, i + 1, end) === end ? ROW : FALLBACK;
      else return FALLBACK;
    }
  }

  /** Ticks of the ASCII datetime text [start, end), as the column would parse it; the last text's again without parsing. */
  private ticksOf(b: Buffer, start: number, end: number): number {
    const n = end - start;
    const last = this.lastTime;
    if (n === this.lastTimeLength && n > 0) {
      let k = 0;
      while (k < n && b[start + k] === last[k]) k++;
      if (k === n) return this.lastTicks;
    }
    const ticks = parseDatetime(latin1(b, start, end));
    if (n <= last.length) {
      b.copy(last, 0, start, end);
      this.lastTimeLength = n;
      this.lastTicks = ticks;
    }
    return ticks;
  }

  /** Where the key starting at `start` ends (its closing quote) when it is the key last seen at this position on a line, else -1. */
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

/** 3 when the file's first bytes [0, end) start with UTF-8's byte order mark, else 0. */
export function bomLength(b: Buffer, end: number): number {
  return end >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
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

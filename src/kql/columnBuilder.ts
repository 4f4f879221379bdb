import { StringPool } from './stringPool.js';
import { latin1 } from '../util/latin1.js';
import { canonicalType, fromInput, fromText, nullOf } from './values/convert.js';

/**
 * One column in the engine's representation, built value by value: what a loader that streams rows
 * fills instead of holding row objects (tableFromRows). Values go through fromInput / fromText.
 */
export interface ColumnBuilder {
  readonly type: string;
  /** The values added so far. */
  readonly values: unknown[];
  /**
   * Room for about this many values, before the first: filling a preallocated array is several
   * times cheaper than growing one by push. More values still fit; unused room is dropped.
   */
  reserve(rows: number): void;
  /** A JSON value (NDJSON, a JSON array's objects); undefined when the row lacks the column. */
  add(value: unknown): void;
  /** A CSV field: '' is the typed null; dynamic text is JSON. */
  addText(text: string): void;
  /**
   * A JSON string value given as its bytes [start, end) between the quotes, all ASCII and without
   * escapes: what add() would get as a string, read without creating one when the column already
   * holds that value. `hash`, when the loader has it, is fnv1aBytes of those bytes.
   */
  addAscii(bytes: Buffer, start: number, end: number, hash?: number): void;
  /** Whether addAscii still uses a hash: a string column that shares its values (until they prove mostly distinct). */
  readonly wantsHash: boolean;
  /** A value already in the engine's representation for this type (a datetime's ticks parsed on another thread). */
  addValue(value: unknown): void;
}

/** Distinct values a string column shares before it starts judging whether sharing still pays. */
const SHARE_UP_TO = 65_536;
/** Values per judgement: past SHARE_UP_TO, a period in which most values were new ends the sharing. */
const PERIOD = 65_536;
/** Distinct values shared at most (the table's memory is bounded); past it, known values are still shared. */
const SHARE_AT_MOST = 1 << 20;
/** Values after which a column whose values were nearly all new (URLs, hashes) stops sharing. */
const SAMPLE = 16_384;

/** Storage shared by the builders: an array filled by index, trimmed when read. */
abstract class Column {
  private store: unknown[] = [];
  private n = 0;

  get values(): unknown[] {
    if (this.store.length !== this.n) this.store.length = this.n;
    return this.store;
  }

  reserve(rows: number): void {
    if (this.n === 0 && rows > 0) this.store = new Array<unknown>(rows);
  }

  addValue(value: unknown): void {
    this.put(value);
  }

  protected put(value: unknown): void {
    this.store[this.n++] = value;
  }

  protected get count(): number {
    return this.n;
  }
}

export function columnBuilder(type: string): ColumnBuilder {
  const t = canonicalType(type);
  return t === 'string' ? new StringColumn() : t === 'datetime' ? new DatetimeColumn() : new OtherColumn(t);
}

/**
 * Telemetry repeats device ids, account names and action types on most rows: one shared copy per
 * distinct value saves most of such a column's memory (and the GC's time), and a value read as bytes
 * that is already shared is never created at all. A column whose values are mostly distinct (URLs,
 * hashes) stops sharing once that shows, and pays nothing more. The judgement is by recent values,
 * not a fixed count of distinct ones: 100k devices seen at random over 10M rows are mostly new in
 * the first 100k rows and shared ever after.
 */
class StringColumn extends Column implements ColumnBuilder {
  readonly type = 'string';
  private shared: StringPool | null = new StringPool(SHARE_AT_MOST);
  private seen = 0;
  /** Values not seen before, in the current period. */
  private fresh = 0;

  get wantsHash(): boolean {
    return this.shared !== null;
  }

  add(value: unknown): void {
    this.addText(typeof value === 'string' ? value : (fromInput(value, 'string') as string));
  }

  addText(text: string): void {
    const shared = this.shared;
    if (shared === null || text.length === 0) this.put(text);
    else {
      this.put(shared.ofString(text));
      this.judge(shared);
    }
  }

  addAscii(bytes: Buffer, start: number, end: number, hash?: number): void {
    const shared = this.shared;
    if (start === end) this.put('');
    else if (shared === null) this.put(latin1(bytes, start, end));
    else {
      this.put(shared.ofAscii(bytes, start, end, hash));
      this.judge(shared);
    }
  }

  /** Ends the sharing when the values so far, or the last period's, were mostly new and the pool is already large. */
  private judge(shared: StringPool): void {
    if (shared.fresh) this.fresh++;
    const seen = ++this.seen;
    if (seen === SAMPLE && shared.size > SAMPLE * 0.95) this.shared = null;
    else if (seen % PERIOD === 0) {
      if (shared.size > SHARE_UP_TO && this.fresh * 2 > PERIOD) this.shared = null;
      this.fresh = 0;
    }
  }
}

/**
 * Rows usually carry the same instant twice (TimeGenerated and Timestamp): the last text converted
 * is remembered across all datetime columns of a load, so the second costs a string compare.
 */
let lastText: string | undefined;
let lastValue: unknown;

class DatetimeColumn extends Column implements ColumnBuilder {
  readonly type = 'datetime';
  readonly wantsHash = false;

  add(value: unknown): void {
    if (typeof value !== 'string') {
      this.put(fromInput(value, 'datetime'));
      return;
    }
    if (value !== lastText) {
      lastValue = fromInput(value, 'datetime');
      lastText = value;
    }
    this.put(lastValue);
  }

  addText(text: string): void {
    if (text === '') this.put(null);
    else this.add(text);
  }

  // The NDJSON loader parses datetimes where it scans them (ndjsonTokens.ts) and hands over ticks.
  addAscii(bytes: Buffer, start: number, end: number): void {
    this.add(latin1(bytes, start, end));
  }
}

class OtherColumn extends Column implements ColumnBuilder {
  readonly wantsHash = false;
  constructor(readonly type: string) {
    super();
  }

  add(value: unknown): void {
    this.put(fromInput(value, this.type));
  }

  addText(text: string): void {
    this.put(text === '' ? nullOf(this.type) : fromText(text, this.type));
  }

  addAscii(bytes: Buffer, start: number, end: number): void {
    this.add(latin1(bytes, start, end));
  }
}

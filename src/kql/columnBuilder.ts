import { expectedHitRate } from './sharingOdds.js';
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

/** Values a string column reads before it first judges whether sharing pays. */
const SAMPLE = 16_384;
/** Values per later judgement: a column's values may change character as a file goes on. */
const PERIOD = 65_536;
/**
 * Sharing goes on while at least this share of the values to come is expected to be found in the
 * pool. A lookup in a large pool costs about what creating the string does (measured: sharing file
 * hashes seen about twice each, 60% found, made a 10M-row load slower), so sharing must save most.
 */
const WORTH_SHARING = 0.75;
/**
 * Distinct values shared at most (the pool's memory is bounded: 24 to 48 bytes a value); past it,
 * known values are still shared, for as long as enough of the values read are among them.
 */
const SHARE_AT_MOST = 1 << 20;

/** Storage shared by the builders: an array filled by index, trimmed when read. */
abstract class Column {
  private store: unknown[] = [];
  private n = 0;

  get values(): unknown[] {
    if (this.store.length !== this.n) this.store.length = this.n;
    return this.store;
  }

  reserve(rows: number): void {
    if (this.n === 0 && rows > 0) {
      this.store = new Array<unknown>(rows);
      this.expected = rows;
    }
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

  /** Rows reserve() was told to expect (0 when not told). */
  protected expected = 0;
}

export function columnBuilder(type: string): ColumnBuilder {
  const t = canonicalType(type);
  return t === 'string' ? new StringColumn() : t === 'datetime' ? new DatetimeColumn() : new OtherColumn(t);
}

/**
 * Telemetry repeats device ids, account names and action types on most rows: one shared copy per
 * distinct value saves most of such a column's memory (and the GC's time), and a value read as bytes
 * that is already shared is never created at all. A column whose values are mostly distinct (URLs,
 * hashes) stops sharing once that shows, and pays nothing more. The judgement is by how many values
 * the column has to come and the universe its values so far suggest, not by how many of them were
 * new: 200k referrer sites seen at random over 10M rows are mostly new in the first 100k rows and
 * shared ever after.
 */
class StringColumn extends Column implements ColumnBuilder {
  readonly type = 'string';
  private shared: StringPool | null = new StringPool(SHARE_AT_MOST);
  private seen = 0;
  /** Values read since the last judgement, how many of them were not in the pool, and its size at that judgement. */
  private sinceJudged = 0;
  private fresh = 0;
  private pooled = 0;

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

  /** Ends the sharing when too few of the values to come are expected to be in the pool (sharingOdds.ts). */
  private judge(shared: StringPool): void {
    if (shared.fresh) this.fresh++;
    this.sinceJudged++;
    const seen = ++this.seen;
    if (seen !== SAMPLE && seen % PERIOD !== 0) return;
    // The column's non-empty values in all: the rows expected, at the share of them non-empty so far (as many again when not told).
    const total = this.expected > this.count ? (this.expected * seen) / this.count : seen * 2;
    const rate = expectedHitRate({
      read: this.sinceJudged,
      fresh: this.fresh,
      before: this.pooled,
      after: shared.size,
      toCome: total - seen,
      capacity: SHARE_AT_MOST,
    });
    if (rate < WORTH_SHARING) this.shared = null;
    this.fresh = 0;
    this.sinceJudged = 0;
    this.pooled = shared.size;
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

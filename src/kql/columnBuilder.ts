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
}

/** Distinct values a string column keeps one copy of, before it decides they are too many to share. */
const SHARE_UP_TO = 65_536;
/** Values after which a column whose values were nearly all new (URLs, hashes) stops sharing. */
const SAMPLE = 16_384;
const SLOTS = 256;

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
 * distinct value saves most of such a column's memory (and the GC's time). A small direct-mapped
 * cache answers for the few values of columns like ActionType without hashing them; a column whose
 * values are mostly distinct (URLs, hashes) stops sharing once that shows, and pays nothing more.
 */
class StringColumn extends Column implements ColumnBuilder {
  readonly type = 'string';
  private shared: Map<string, string> | null = new Map();
  private readonly recent: string[] = new Array<string>(SLOTS).fill('');
  private seen = 0;

  add(value: unknown): void {
    this.push(typeof value === 'string' ? value : (fromInput(value, 'string') as string));
  }

  addText(text: string): void {
    this.push(text);
  }

  private push(s: string): void {
    const shared = this.shared;
    const n = s.length;
    if (shared !== null && n > 0) {
      if (++this.seen === SAMPLE && shared.size > SAMPLE * 0.95) this.shared = null;
      const slot = (n * 31 + s.charCodeAt(n - 1) * 7 + s.charCodeAt(n >> 1)) & (SLOTS - 1);
      const recent = this.recent[slot];
      if (recent === s) s = recent;
      else {
        const copy = shared.get(s);
        if (copy !== undefined) s = copy;
        else {
          shared.set(s, s);
          if (shared.size > SHARE_UP_TO && shared.size * 4 > this.count) this.shared = null;
        }
        this.recent[slot] = s;
      }
    }
    this.put(s);
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
}

class OtherColumn extends Column implements ColumnBuilder {
  constructor(readonly type: string) {
    super();
  }

  add(value: unknown): void {
    this.put(fromInput(value, this.type));
  }

  addText(text: string): void {
    this.put(text === '' ? nullOf(this.type) : fromText(text, this.type));
  }
}

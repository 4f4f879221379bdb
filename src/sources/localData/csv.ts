import { QueryFailedError } from '../querySource.js';
import { readTextChunks } from './textChunks.js';

export type FieldsVisitor = (fields: string[], line: number) => void;

/**
 * RFC 4180 records from text that arrives in chunks: fields separated by commas, records by CRLF or
 * LF; a field in double quotes may hold commas, line breaks and doubled quotes (""). A quote inside
 * an unquoted field, or text after a closing quote, is an error: such a file was not written by a
 * CSV writer, and guessing would shift columns. `line` is where a record starts (1-based).
 */
export class CsvRecords {
  private carry = '';
  private line = 1;
  /** The next '"' at or after the current record in the current text (-1: none): found once, not per record. */
  private quoteAt = -1;

  constructor(
    private readonly file: string,
    private readonly visit: FieldsVisitor,
  ) {}

  push(chunk: string, final: boolean): void {
    const text = this.carry === '' ? chunk : this.carry + chunk;
    this.quoteAt = text.indexOf('"');
    let at = 0;
    while (at < text.length) {
      const next = this.record(text, at, final);
      if (next < 0) break;
      at = next;
    }
    this.carry = at === 0 ? text : text.slice(at);
    if (final && this.carry !== '') throw this.error(this.line, 'unterminated quoted field: a field that opens with " must close with " (write a " inside it as "")');
  }

  /** Parses the record starting at `at`; the offset after it, or -1 when it continues past `text`. */
  private record(text: string, at: number, final: boolean): number {
    const nl = text.indexOf('\n', at);
    if (this.quoteAt >= 0 && this.quoteAt < at) this.quoteAt = text.indexOf('"', at);
    const quote = this.quoteAt;
    if (quote < 0 || (nl >= 0 && quote > nl)) {
      // The common case: no quotes up to the line end, so the fields are what the commas split.
      if (nl < 0 && !final) return -1;
      const end = nl < 0 ? text.length : nl;
      const body = end > at && text.charCodeAt(end - 1) === 13 ? text.slice(at, end - 1) : text.slice(at, end);
      const line = this.line++;
      if (body !== '') this.visit(body.split(','), line);
      return nl < 0 ? text.length : nl + 1;
    }
    return this.quotedRecord(text, at, final);
  }

  /** A record with quotes: field by field. */
  private quotedRecord(text: string, at: number, final: boolean): number {
    const fields: string[] = [];
    const line = this.line;
    let newlines = 0;
    let i = at;
    for (;;) {
      if (text.charCodeAt(i) === 34) {
        // Quoted field: up to the quote not followed by another quote.
        let value = '';
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0 || (q + 1 >= text.length && !final)) return -1;
          value += text.slice(from, q);
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            from = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        for (let k = value.indexOf('\n'); k >= 0; k = value.indexOf('\n', k + 1)) newlines++;
        fields.push(value);
        const c = i < text.length ? text.charCodeAt(i) : -1;
        if (c === 44) {
          i++;
          continue;
        }
        if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
        else if (c === 13 && i + 1 >= text.length && !final) return -1;
        if (c !== -1 && c !== 10 && c !== 13) {
          throw this.error(line + newlines, `text after a closing quote in field ${fields.length}: quote the whole field and write a " inside it as ""`);
        }
        break;
      }
      // Unquoted field: up to the next comma or line end; a quote inside it is not CSV.
      let end = i;
      while (end < text.length) {
        const c = text.charCodeAt(end);
        if (c === 44 || c === 10) break;
        if (c === 34) throw this.error(line + newlines, `a " inside unquoted field ${fields.length + 1}: quote the whole field and write a " inside it as ""`);
        end++;
      }
      if (end >= text.length && !final) return -1;
      const c = end < text.length ? text.charCodeAt(end) : -1;
      fields.push(c === 10 && end > i && text.charCodeAt(end - 1) === 13 ? text.slice(i, end - 1) : text.slice(i, end));
      i = end;
      if (c === 44) {
        i++;
        continue;
      }
      break;
    }
    this.line += newlines + 1;
    this.visit(fields, line);
    return i < text.length ? i + 1 : text.length;
  }

  private error(line: number, message: string): QueryFailedError {
    return new QueryFailedError(`${this.file}:${line}: ${message}`);
  }
}

/**
 * A `<Table>.csv` file as advanced hunting's export writes it: a header row of column names, then one
 * record per row (RFC 4180 quoting, ISO 8601 datetimes, dynamic values as JSON text). Streamed.
 */
export function readCsv(
  path: string,
  onHeader: (names: string[]) => void,
  visit: FieldsVisitor,
  onBytes?: (read: number, total: number) => void,
): void {
  let width = -1;
  const records = new CsvRecords(path, (fields, line) => {
    if (width < 0) {
      width = fields.length;
      onHeader(fields);
      return;
    }
    if (fields.length !== width) {
      throw new QueryFailedError(
        `${path}:${line}: ${fields.length} fields, but the header has ${width}: quote fields that contain commas ("a,b"), and give every row one field per column`,
      );
    }
    visit(fields, line);
  });
  readTextChunks(path, (text, final) => records.push(text, final), onBytes);
}

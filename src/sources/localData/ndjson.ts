import { QueryFailedError } from '../querySource.js';
import { readTextChunks } from './textChunks.js';

export type RecordVisitor = (record: Record<string, unknown>, line: number) => void;

/**
 * Every object of a `<Table>.ndjson` file (one JSON object per line; blank lines, CRLF and a BOM are
 * fine), streamed. A bad line is an error naming the file, the line and the fix.
 */
export function readNdjson(path: string, visit: RecordVisitor, onBytes?: (read: number, total: number) => void): void {
  // The unfinished line: its pieces, joined once its end arrives (a long line must not be re-copied per chunk).
  let pieces: string[] = [];
  let line = 0;
  const one = (text: string): void => {
    line++;
    const record = recordOfLine(text, path, line);
    if (record !== undefined) visit(record, line);
  };
  readTextChunks(
    path,
    (chunk, final) => {
      let nl = chunk.indexOf('\n');
      if (nl < 0) pieces.push(chunk);
      else {
        const text = pieces.length === 0 ? chunk : pieces.join('') + chunk;
        let start = 0;
        for (nl += text.length - chunk.length; nl >= 0; nl = text.indexOf('\n', start)) {
          one(text.slice(start, nl));
          start = nl + 1;
        }
        pieces = start < text.length ? [text.slice(start)] : [];
      }
      if (final && pieces.length > 0) one(pieces.join(''));
    },
    onBytes,
  );
}

/**
 * One NDJSON line's object; undefined for a blank line. A line that is not one JSON object is an
 * error naming the file, the line and the fix.
 */
export function recordOfLine(text: string, path: string, line: number): Record<string, unknown> | undefined {
  // JSON.parse allows the whitespace around a value, '\r' included; only blank lines need a test.
  if (text.length < 3 && text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (text.trim() === '') return undefined;
    throw new QueryFailedError(
      `${path}:${line}: not valid JSON (${(error as Error).message}); each line must be one complete JSON object: fix or delete that line`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new QueryFailedError(`${path}:${line}: expected one JSON object per line ({"Column": value, ...}); a JSON array of objects belongs in a .json file`);
  }
  return value as Record<string, unknown>;
}

/**
 * A record's value for a column; undefined when the record lacks it. Own properties only: a record
 * without a `constructor` or `toString` column must not read Object's.
 */
export function fieldOf(record: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

import { QueryFailedError } from '../querySource.js';
import type { RecordVisitor } from './ndjson.js';
import { readTextChunks } from './textChunks.js';

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const NEWLINE = 10;

/**
 * The elements of a JSON array of objects, split out of text that arrives in chunks. This only finds
 * where each top-level element starts and ends (brackets outside strings); JSON.parse reads each
 * element, so the file is never held whole, however large. `line` is where an element starts.
 */
export class JsonArrayElements {
  private state: 'before' | 'between' | 'element' | 'after' = 'before';
  private pieces: string[] = [];
  private depth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;
  private elementLine = 1;
  private expectElement = true;
  private elements = 0;

  constructor(
    private readonly file: string,
    private readonly visit: RecordVisitor,
  ) {}

  push(text: string, final: boolean): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === NEWLINE) this.line++;
      if (this.state === 'element') {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (c === BACKSLASH) this.escaped = true;
          else if (c === QUOTE) this.inString = false;
        } else if (c === QUOTE) this.inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          if (--this.depth === 0) {
            this.pieces.push(text.slice(start, i + 1));
            this.element(this.pieces.join(''));
            this.elements++;
            this.pieces = [];
            this.state = 'between';
            this.expectElement = false;
          }
        }
        continue;
      }
      if (c === 32 || c === 9 || c === 13 || c === NEWLINE) continue;
      if (this.state === 'before') {
        if (c !== OPEN_BRACKET) throw this.error(`expected a JSON array of objects ([{"Column": value, ...}, ...]); for one object per line, name the file .ndjson`);
        this.state = 'between';
      } else if (this.state === 'between') {
        if (c === CLOSE_BRACKET && (!this.expectElement || this.elements === 0)) this.state = 'after';
        else if (c === COMMA && !this.expectElement) this.expectElement = true;
        else if (c === OPEN_BRACE && this.expectElement) {
          this.state = 'element';
          this.depth = 1;
          this.elementLine = this.line;
          start = i;
        } else throw this.error(`expected ${this.expectElement ? 'an object ({...})' : "',' or ']'"} here: the file must be one JSON array of objects`);
      } else throw this.error(`text after the array's closing ']': the file must be one JSON array of objects`);
    }
    if (this.state === 'element') this.pieces.push(text.slice(start));
    if (final && this.state !== 'after') throw this.error(`the JSON array does not end: the file must be one complete JSON array of objects (is it cut short?)`);
  }

  private element(text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new QueryFailedError(`${this.file}:${this.elementLine}: not valid JSON (${(error as Error).message}): fix the object that starts on this line`);
    }
    this.visit(value as Record<string, unknown>, this.elementLine);
  }

  private error(message: string): QueryFailedError {
    return new QueryFailedError(`${this.file}:${this.line}: ${message}`);
  }
}

/** Every object of a `<Table>.json` file holding one JSON array of objects, streamed. */
export function readJsonArray(path: string, visit: RecordVisitor, onBytes?: (read: number, total: number) => void): void {
  const elements = new JsonArrayElements(path, visit);
  readTextChunks(path, (text, final) => elements.push(text, final), onBytes);
}

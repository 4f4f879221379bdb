import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type Scalar } from 'yaml';

/** A 1-based line and column in a YAML file, as editors and `file:line:col` links count them. */
export interface Position {
  line: number;
  column: number;
}

export type KeyPath = readonly (string | number)[];

const START: Position = { line: 1, column: 1 };

/**
 * Where things are in one YAML file: the node at a key path, and the place in the file of a
 * line and column inside a multi-line string (a hunt's `query`), so KQL diagnostics point into the YAML.
 */
export class YamlPositions {
  private readonly lines = new LineCounter();
  readonly doc: Document;

  constructor(readonly text: string) {
    this.doc = parseDocument(text, { lineCounter: this.lines });
  }

  private at(offset: number): Position {
    const p = this.lines.linePos(offset);
    return { line: p.line, column: p.col };
  }

  /** The value at `path` (or its key, when the value has no place of its own), else the nearest ancestor that exists. */
  key(path: KeyPath): Position {
    let node: unknown = this.doc.contents;
    let best: Position = node && (node as Node).range ? this.at((node as Node).range![0]) : START;
    for (const segment of path) {
      let pair: Pair | undefined;
      if (isMap(node)) pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === segment);
      if (pair) {
        const k = pair.key as Scalar;
        if (k.range) best = this.at(k.range[0]);
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
        node = node.items[segment];
      } else {
        return best;
      }
      const range = (node as Node | null)?.range;
      if (range && !(isScalar(node) && node.value === null)) best = this.at(range[0]);
    }
    return best;
  }

  /**
   * The file position of line `line`, column `column` (1-based) of the string at `path`. Exact for
   * literal blocks (`query: |`, what Sentinel's hunts use); for folded blocks and plain or single-quoted
   * scalars the n-th non-blank character of the string is found in the file; a double-quoted string
   * (escapes shift every column) points at its start.
   */
  inString(path: KeyPath, line: number, column: number): Position {
    const node = this.doc.getIn(path, true);
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return this.key(path);
    const value = node.value;
    const [start, valueEnd] = node.range;
    if (node.type === 'BLOCK_LITERAL') {
      const header = this.at(start);
      return { line: header.line + line, column: this.blockIndent(start, header.line) + column };
    }
    if (node.type === 'QUOTE_DOUBLE') return this.at(start);
    const offset = offsetOf(value, line, column);
    // Count the string's non-blank characters before the target, then walk the source to the same count.
    let wanted = 0;
    for (let i = 0; i < offset && i < value.length; i++) if (!/\s/.test(value[i])) wanted++;
    const single = node.type === 'QUOTE_SINGLE';
    let seen = 0;
    for (let i = start + (single ? 1 : 0); i < valueEnd; i++) {
      const ch = this.text[i];
      if (/\s/.test(ch) || (node.type === 'BLOCK_FOLDED' && i < this.lineEnd(start))) continue;
      if (seen === wanted) return this.at(i);
      if (single && ch === "'" && this.text[i + 1] === "'") i++;
      seen++;
    }
    return this.at(start);
  }

  private lineEnd(offset: number): number {
    const end = this.text.indexOf('\n', offset);
    return end < 0 ? this.text.length : end;
  }

  /** The indentation of a block scalar's content: its indicator (`|2`) or its first non-blank line. */
  private blockIndent(headerOffset: number, headerLine: number): number {
    const header = this.text.slice(headerOffset, this.lineEnd(headerOffset));
    const explicit = /^[|>][+-]?(\d)|^[|>](\d)[+-]?/.exec(header);
    if (explicit) {
      const parentIndent = (this.text.slice(this.lines.lineStarts[headerLine - 1], headerOffset).match(/^ */) ?? [''])[0].length;
      return parentIndent + Number(explicit[1] ?? explicit[2]);
    }
    for (let l = headerLine; l < this.lines.lineStarts.length; l++) {
      const from = this.lines.lineStarts[l];
      const to = l + 1 < this.lines.lineStarts.length ? this.lines.lineStarts[l + 1] : this.text.length;
      const content = this.text.slice(from, to).replace(/\r?\n$/, '');
      if (content.trim() !== '') return (content.match(/^ */) ?? [''])[0].length;
    }
    return 0;
  }
}

/** The 0-based offset of a 1-based line and column in a string. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) break;
    offset = next + 1;
  }
  return offset + column - 1;
}

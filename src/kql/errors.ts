/** One problem found in a query, positioned 1-based in the query text. */
export interface KqlDiagnostic {
  /**
   * Binder code (KS142, ...) or LOCAL001 (not supported by the local engine), LOCAL002 (runtime),
   * LOCAL003 (a fault of the local engine itself).
   */
  code: string;
  message: string;
  line: number;
  column: number;
}

export const UNSUPPORTED = 'LOCAL001';
export const RUNTIME = 'LOCAL002';
export const INTERNAL = 'LOCAL003';

export class KqlError extends Error {
  readonly diagnostics: KqlDiagnostic[];

  constructor(message: string, diagnostics: KqlDiagnostic[] = []) {
    super(message);
    this.name = 'KqlError';
    this.diagnostics = diagnostics;
  }

  /** The first diagnostic's code, or RUNTIME. */
  get code(): string {
    return this.diagnostics[0]?.code ?? RUNTIME;
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** "KQL: <message> (line L, col C)" for a diagnostic at a text offset. */
export function errorAt(text: string, offset: number, code: string, message: string): KqlError {
  const { line, column } = lineColumn(text, offset);
  return new KqlError(`KQL: ${message} (line ${line}, col ${column})`, [{ code, message, line, column }]);
}

/** One error carrying several diagnostics: "KQL: <first> (line L, col C) (+N more)". */
export function manyErrors(diagnostics: KqlDiagnostic[]): KqlError {
  const [first] = diagnostics;
  const more = diagnostics.length > 1 ? ` (+${diagnostics.length - 1} more)` : '';
  return new KqlError(`KQL: ${first.message} (line ${first.line}, col ${first.column})${more}`, diagnostics);
}

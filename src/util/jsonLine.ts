/**
 * JSON.stringify escapes C0 controls but leaves C1 controls, line separators and bidi overrides raw;
 * those can still reorder or hide text in a terminal. Escaping them keeps the line valid JSON.
 */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

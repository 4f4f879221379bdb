/**
 * Aligned columns for a terminal. Cells must already be escaped for it (safeForTerminal) and are
 * measured in code points; the last column is never padded.
 */
export function textTable(header: string[], rows: string[][]): string {
  const width = (text: string) => Array.from(text).length;
  const widths = header.map((h, c) => Math.max(width(h), ...rows.map((r) => width(r[c] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === cells.length - 1 ? cell : cell + ' '.repeat(widths[c] - width(cell))))
      .join('  ')
      .trimEnd();
  return `${[header, ...rows].map(line).join('\n')}\n`;
}

/** What the benchmark's two child processes are told and report (one JSON line on stdout). */
export interface SideRequest {
  /** Folder with DeviceEvents.ndjson and DeviceFileEvents.ndjson. */
  dir: string;
  /** Times each hunt runs; the median is reported. */
  repeat: number;
  /** Hunt slug → its window, ISO. The engine side works them out from the data's newest event. */
  windows?: Record<string, { start: string; end: string }>;
}

export interface HuntMeasure {
  /** Milliseconds per run. */
  ms: number[];
  rows: number;
  /** The findings' keys, each as JSON of its key values, sorted. */
  keys: string[];
}

export interface SideReport {
  loadMs: number;
  rows: Record<string, number>;
  hunts: Record<string, HuntMeasure>;
  windows: Record<string, { start: string; end: string }>;
  /** Peak resident set of the whole process, MB. */
  maxRssMb: number;
  /** Engine side: parse + bind + compile, the first call (loads Microsoft's parser) and a later one. */
  prepareFirstMs?: number;
  prepareLaterMs?: number;
  /** Engine side: the columns loaded per table. */
  columns?: Record<string, string[]>;
}

/** A finding's key values as one comparable string: '' for null, ISO for datetimes. */
export function keyOf(row: Record<string, unknown>, key: readonly string[]): string {
  return JSON.stringify(key.map((k) => {
    const v = row[k];
    return v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
  }));
}

export function keySet(rows: Record<string, unknown>[], key: readonly string[]): string[] {
  return [...new Set(rows.map((r) => keyOf(r, key)))].sort();
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function report(r: SideReport): void {
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

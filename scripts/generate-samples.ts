/**
 * Writes a larger synthetic telemetry set for benchmarks: DeviceFileEvents and DeviceEvents in the same
 * shape as samples/, as NDJSON, CSV (as advanced hunting exports) or a JSON array, deterministic for
 * given row counts and seed.
 *   npm run samples -- --rows 1000000 [--device-events 100000] [--format ndjson|csv|json] [--seed 1] [--out DIR]
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../src/util/paths.js';
import { seededRandom } from '../src/util/seededRandom.js';


const T0 = Date.parse('2026-11-20T11:45:00Z');
const SPAN_MS = 20 * 3_600_000;
const TENANT = '00000000-0000-4000-8000-000000000000';
const THREATS = ['Trojan:Win32/Emotet.A!ml', 'Backdoor:Win32/Bladabindi', 'Trojan:JS/Redirector', 'PUA:Win32/Presenoker', 'SoftwareBundler:Win32/Prepscram', 'Trojan:O97M/Donoff.SA'];
const COMMON = ['TimeGenerated', 'Timestamp', 'TenantId', 'DeviceId', 'DeviceName', 'ActionType', 'FileName', 'FolderPath', 'MD5', 'SHA1', 'FileOriginUrl', 'InitiatingProcessFileName'];
const COLUMNS = {
  DeviceEvents: [...COMMON, 'AdditionalFields'],
  DeviceFileEvents: [...COMMON, 'FileOriginReferrerUrl', 'FileSize', 'InitiatingProcessParentFileName'],
};

export type SampleFormat = 'ndjson' | 'csv' | 'json';

export interface GenerateOptions {
  /** DeviceFileEvents rows. */
  fileEvents: number;
  /** DeviceEvents rows (detections and other events). */
  deviceEvents: number;
  seed: number;
  out: string;
  format?: SampleFormat;
  onProgress?: (written: number, total: number) => void;
}

/** One output file, written in large blocks. */
class TableWriter {
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;
  private rows = 0;

  constructor(
    path: string,
    private readonly format: SampleFormat,
    private readonly columns: string[],
  ) {
    this.fd = openSync(path, 'w');
    if (format === 'csv') this.put(`${columns.join(',')}\r\n`);
    if (format === 'json') this.put('[');
  }

  write(row: Record<string, unknown>): void {
    if (this.format === 'ndjson') this.put(`${JSON.stringify(row)}\n`);
    else if (this.format === 'json') this.put(`${this.rows > 0 ? ',\n' : '\n'}${JSON.stringify(row)}`);
    else this.put(`${this.columns.map((c) => csvField(row[c])).join(',')}\r\n`);
    this.rows++;
  }

  close(): void {
    if (this.format === 'json') this.put('\n]\n');
    this.flush();
    closeSync(this.fd);
  }

  private put(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) this.flush();
  }

  private flush(): void {
    writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

function csvField(v: unknown): string {
  const text = v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function generateSamples({ fileEvents, deviceEvents, seed, out, format = 'ndjson', onProgress }: GenerateOptions): { deviceEvents: number; fileEvents: number } {
  const rnd = seededRandom(seed);
  const rows = fileEvents + deviceEvents;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const hex = (random: () => number, n: number) => {
    let s = '';
    while (s.length < n) s += ((random() * 0x100000000) >>> 0).toString(16).padStart(8, '0');
    return s.slice(0, n);
  };
  const devices = Array.from({ length: Math.max(20, Math.floor(rows / 100)) }, (_, i) => ({ name: `ws-${String(i).padStart(5, '0')}.contoso.test`, id: hex(rnd, 40) }));
  const hosts = Array.from({ length: Math.max(10, Math.floor(rows / 50)) }, (_, i) => `files${i}.host${i % 97}.test`);
  const bad = hosts.filter(() => rnd() < 0.05);
  if (!bad.length) bad.push(hosts[0]);
  const badSet = new Set(bad);
  const good = hosts.filter((h) => !badSet.has(h));
  // Most files are seen once or twice, as in real download telemetry; a small pool would make the AV join
  // explode. A file's hashes are derived from its number, not kept: tens of millions of rows need no pool.
  const fileCount = Math.max(50, Math.floor(rows / 2));
  const pickFile = () => {
    const i = Math.floor(rnd() * fileCount);
    const own = seededRandom(seed * 0x9e3779b1 + i);
    return { name: `file-${i}.exe`, md5: hex(own, 32), sha1: hex(own, 40) };
  };

  mkdirSync(out, { recursive: true });
  const ext = format === 'json' ? 'json' : format;
  const de = new TableWriter(join(out, `DeviceEvents.${ext}`), format, COLUMNS.DeviceEvents);
  const dfe = new TableWriter(join(out, `DeviceFileEvents.${ext}`), format, COLUMNS.DeviceFileEvents);

  let deLeft = deviceEvents;
  let dfeLeft = fileEvents;
  const step = Math.max(1, Math.floor(rows / 10));
  for (let i = 0; i < rows; i++) {
    // Defender's timestamps have seven fractional digits.
    const ms = T0 - Math.floor(rnd() * SPAN_MS);
    const t = `${new Date(ms).toISOString().slice(0, -1)}${String(Math.floor(rnd() * 10_000)).padStart(4, '0')}Z`;
    const device = pick(devices);
    const file = pickFile();
    const base = { TimeGenerated: t, Timestamp: t, TenantId: TENANT, DeviceId: device.id, DeviceName: device.name, FileName: file.name, FolderPath: `C:\\Users\\user\\Downloads\\${file.name}`, MD5: file.md5, SHA1: file.sha1 };
    if (rnd() * (deLeft + dfeLeft) < deLeft) {
      // Detections (half with a source URL, on the hosts marked bad) and other events.
      const detection = rnd() < 0.6;
      const url = detection && rnd() < 0.5 ? `https://${pick(bad)}/d/${file.name}` : '';
      de.write({
        ...base,
        ActionType: detection ? 'AntivirusDetection' : 'ProcessCreated',
        FileOriginUrl: url,
        InitiatingProcessFileName: 'MsMpEng.exe',
        AdditionalFields: detection ? { ThreatName: pick(THREATS), WasRemediated: true } : {},
      });
      deLeft--;
    } else {
      // Few downloads per bad host, so most of them stay under the pivot hunt's MachineCount < 20.
      const host = rnd() < 0.01 ? pick(bad) : pick(good);
      dfe.write({
        ...base,
        ActionType: 'FileCreated',
        FileOriginUrl: `https://${host}/f/${file.name}`,
        FileOriginReferrerUrl: rnd() < 0.3 ? `https://portal.${host}/` : '',
        FileSize: Math.floor(rnd() * 5_000_000),
        InitiatingProcessFileName: pick(['msedge.exe', 'chrome.exe', 'powershell.exe', 'OUTLOOK.EXE']),
        InitiatingProcessParentFileName: 'explorer.exe',
      });
      dfeLeft--;
    }
    if ((i + 1) % step === 0) onProgress?.(i + 1, rows);
  }
  de.close();
  dfe.close();
  return { deviceEvents, fileEvents };
}

function count(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name}: "${text}" must be a whole number`);
  return n;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '100000' },
      'device-events': { type: 'string' },
      format: { type: 'string', default: 'ndjson' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
    },
  });
  const fileEvents = count('rows', values.rows);
  const deviceEvents = values['device-events'] === undefined ? Math.ceil(fileEvents / 10) : count('device-events', values['device-events']);
  const seed = count('seed', values.seed);
  const format = values.format as SampleFormat;
  if (!['ndjson', 'csv', 'json'].includes(format)) throw new Error(`--format: "${values.format}" must be ndjson, csv or json`);
  const out = values.out ?? join(projectRoot(), '.local', 'samples', `${fileEvents}-${deviceEvents}-${seed}-${format}`);
  const started = performance.now();
  generateSamples({ fileEvents, deviceEvents, seed, out, format, onProgress: (n, total) => process.stderr.write(`  ${n} / ${total} rows\r`) });
  process.stderr.write(`\nwrote ${deviceEvents} DeviceEvents and ${fileEvents} DeviceFileEvents rows to ${out} in ${Math.round(performance.now() - started)} ms\n`);
  process.stdout.write(`${out}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    main();
  } catch (err: unknown) {
    process.stderr.write(`error: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}

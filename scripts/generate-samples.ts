/**
 * Writes a larger synthetic telemetry set for benchmarks: DeviceEvents and DeviceFileEvents NDJSON in the
 * same shape as samples/, deterministic for a given --rows and --seed.
 *   npm run samples -- --rows 200000 --seed 1 [--out DIR]
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../src/util/paths.js';

/** mulberry32: a small, well-known seeded PRNG; Math.random cannot be seeded. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const T0 = Date.parse('2026-11-20T11:45:00Z');
const SPAN_MS = 20 * 3_600_000;
const TENANT = '00000000-0000-4000-8000-000000000000';
const THREATS = ['Trojan:Win32/Emotet.A!ml', 'Backdoor:Win32/Bladabindi', 'Trojan:JS/Redirector', 'PUA:Win32/Presenoker', 'SoftwareBundler:Win32/Prepscram', 'Trojan:O97M/Donoff.SA'];

export interface GenerateOptions {
  rows: number;
  seed: number;
  out: string;
  onProgress?: (written: number) => void;
}

export async function generateSamples({ rows, seed, out, onProgress }: GenerateOptions): Promise<{ deviceEvents: number; fileEvents: number }> {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');
  const devices = Array.from({ length: Math.max(20, Math.floor(rows / 100)) }, (_, i) => ({ name: `ws-${String(i).padStart(5, '0')}.contoso.test`, id: hex(40) }));
  const hosts = Array.from({ length: Math.max(10, Math.floor(rows / 50)) }, (_, i) => `files${i}.host${i % 97}.test`);
  const bad = hosts.filter(() => rnd() < 0.05);
  if (!bad.length) bad.push(hosts[0]);
  const good = hosts.filter((h) => !bad.includes(h));
  // Most files are seen once or twice, as in real download telemetry; a small pool would make the AV join explode.
  const files = Array.from({ length: Math.max(50, Math.floor(rows / 2)) }, (_, i) => ({ name: `file-${i}.exe`, md5: hex(32), sha1: hex(40) }));

  mkdirSync(out, { recursive: true });
  const de = createWriteStream(join(out, 'DeviceEvents.ndjson'));
  const dfe = createWriteStream(join(out, 'DeviceFileEvents.ndjson'));
  const write = (stream: NodeJS.WritableStream, row: object) =>
    stream.write(`${JSON.stringify(row)}\n`) ? Promise.resolve() : new Promise<void>((ok) => stream.once('drain', () => ok()));

  let deviceEvents = 0;
  let fileEvents = 0;
  const step = Math.max(1, Math.floor(rows / 10));
  for (let i = 0; i < rows; i++) {
    const t = new Date(T0 - Math.floor(rnd() * SPAN_MS)).toISOString();
    const device = pick(devices);
    const file = pick(files);
    const base = { TimeGenerated: t, Timestamp: t, TenantId: TENANT, DeviceId: device.id, DeviceName: device.name, FileName: file.name, FolderPath: `C:\\Users\\user\\Downloads\\${file.name}`, MD5: file.md5, SHA1: file.sha1 };
    if (rnd() < 0.1) {
      // A tenth are DeviceEvents: detections (half with a source URL, on the hosts marked bad) and other events.
      const detection = rnd() < 0.6;
      const url = detection && rnd() < 0.5 ? `https://${pick(bad)}/d/${file.name}` : '';
      await write(de, {
        ...base,
        ActionType: detection ? 'AntivirusDetection' : 'ProcessCreated',
        FileOriginUrl: url,
        InitiatingProcessFileName: 'MsMpEng.exe',
        AdditionalFields: detection ? { ThreatName: pick(THREATS), WasRemediated: true } : {},
      });
      deviceEvents++;
    } else {
      // Few downloads per bad host, so most of them stay under the pivot hunt's MachineCount < 20.
      const host = rnd() < 0.01 ? pick(bad) : pick(good);
      await write(dfe, {
        ...base,
        ActionType: 'FileCreated',
        FileOriginUrl: `https://${host}/f/${file.name}`,
        FileOriginReferrerUrl: rnd() < 0.3 ? `https://portal.${host}/` : '',
        FileSize: Math.floor(rnd() * 5_000_000),
        InitiatingProcessFileName: pick(['msedge.exe', 'chrome.exe', 'powershell.exe', 'OUTLOOK.EXE']),
        InitiatingProcessParentFileName: 'explorer.exe',
      });
      fileEvents++;
    }
    if ((i + 1) % step === 0) onProgress?.(i + 1);
  }
  await Promise.all([new Promise((ok) => de.end(ok)), new Promise((ok) => dfe.end(ok))]);
  return { deviceEvents, fileEvents };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rows: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' }, out: { type: 'string' } },
  });
  const rows = Number(values.rows);
  const seed = Number(values.seed);
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`--rows: "${values.rows}" must be a whole number above 0`);
  if (!Number.isInteger(seed)) throw new Error(`--seed: "${values.seed}" must be a whole number`);
  const out = values.out ?? join(projectRoot(), '.local', 'samples', `${rows}-${seed}`);
  const started = performance.now();
  const counts = await generateSamples({ rows, seed, out, onProgress: (n) => process.stderr.write(`  ${n} / ${rows} rows\r`) });
  process.stderr.write(`\nwrote ${counts.deviceEvents} DeviceEvents and ${counts.fileEvents} DeviceFileEvents rows to ${out} in ${Math.round(performance.now() - started)} ms\n`);
  process.stdout.write(`${out}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    process.stderr.write(`error: ${(err as Error).message}\n`);
    process.exitCode = 1;
  });
}

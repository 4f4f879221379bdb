/**
 * The Teams app package for the findings tab: appPackage/manifest.json with its placeholders filled, and the
 * two icons, zipped as Teams wants them (the three files at the zip's root).
 *
 *   FINDINGS_PAGE_URL=https://<app>.azurewebsites.net/api/tab/ API_CLIENT_ID=<guid> TEAMS_APP_ID=<guid> npm run teams-app
 *   → dist/teams-app/scheduled-hunts-teams-app.zip (and the filled manifest.json beside it)
 *
 * Upload the zip in Teams (Apps → Manage your apps → Upload an app), or in the Teams admin center for everyone.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { projectRoot } from '../src/util/paths.js';

export const PACKAGE_NAME = 'scheduled-hunts-teams-app.zip';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TeamsAppSettings {
  /** The tab's public https URL, `https://<host>/api/tab/`. */
  pageUrl: string;
  /** The API's app registration (client) id: Teams asks Entra ID for a token for it. */
  clientId: string;
  /** The Teams app's own id: keep it, so uploading again updates the app instead of adding another. */
  appId: string;
  /** The registration's Application ID URI; Teams SSO needs `api://<host>/<clientId>` (the default). */
  resource?: string;
}

export class TeamsAppError extends Error {
  override name = 'TeamsAppError';
}

export function teamsAppSettings(env: NodeJS.ProcessEnv, flags: Record<string, string | undefined> = {}): TeamsAppSettings {
  const pick = (flag: string, name: string) => flags[flag] ?? env[name] ?? '';
  const settings = {
    pageUrl: pick('page-url', 'FINDINGS_PAGE_URL'),
    clientId: pick('client-id', 'API_CLIENT_ID'),
    appId: pick('app-id', 'TEAMS_APP_ID'),
    resource: pick('resource', 'API_APP_ID_URI') || undefined,
  };
  const problems: string[] = [];
  let url: URL | undefined;
  try {
    url = new URL(settings.pageUrl);
  } catch {
    problems.push(`FINDINGS_PAGE_URL (--page-url) must be the tab's public URL, https://<your app>/api/tab/${settings.pageUrl ? '' : ' (it is not set)'}`);
  }
  if (url && url.protocol !== 'https:') problems.push('FINDINGS_PAGE_URL (--page-url) must be https: Teams loads tabs over https only');
  if (url && !url.pathname.endsWith('/')) problems.push(`FINDINGS_PAGE_URL (--page-url) must end with "/" (…/api/tab/), so the page finds its files; got path ${url.pathname}`);
  if (!GUID.test(settings.clientId)) problems.push("API_CLIENT_ID (--client-id) must be the API app registration's client id (a GUID)");
  if (!GUID.test(settings.appId)) {
    problems.push('TEAMS_APP_ID (--app-id) must be a GUID you keep for this app (make one with `node -e "console.log(crypto.randomUUID())"`); set the same in the Function App so cards link to the tab');
  }
  if (settings.resource !== undefined && !/^api:\/\/\S+$/.test(settings.resource)) problems.push('API_APP_ID_URI (--resource) must be the Application ID URI, api://…');
  if (problems.length) throw new TeamsAppError(problems.join('\n'));
  return settings;
}

/** Fills `{{NAME}}` in the manifest's string values (never in its structure, so no value can add a key). */
export function fillManifest(template: unknown, values: Record<string, string>): unknown {
  const fill = (text: string) =>
    text.replace(/\{\{([A-Z_]+)\}\}/g, (_m, name: string) => {
      const value = values[name];
      if (value === undefined) throw new TeamsAppError(`appPackage/manifest.json uses {{${name}}}, which this script does not fill`);
      return value;
    });
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return fill(node);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    return node;
  };
  return walk(template);
}

export async function buildTeamsApp(settings: TeamsAppSettings, outDir: string, root = projectRoot()): Promise<{ zip: string; manifest: Record<string, unknown> }> {
  const url = new URL(settings.pageUrl);
  const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
  const template = JSON.parse(await readFile(join(root, 'appPackage', 'manifest.json'), 'utf8'));
  const manifest = fillManifest(template, {
    APP_VERSION: version,
    TEAMS_APP_ID: settings.appId.toLowerCase(),
    FINDINGS_PAGE_URL: url.href,
    APP_HOST: url.host,
    API_CLIENT_ID: settings.clientId.toLowerCase(),
    API_RESOURCE: settings.resource ?? `api://${url.host}/${settings.clientId.toLowerCase()}`,
  }) as Record<string, unknown>;
  const manifestBytes = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  const files = [
    { name: 'manifest.json', body: manifestBytes },
    { name: 'color.png', body: await readFile(join(root, 'appPackage', 'color.png')) },
    { name: 'outline.png', body: await readFile(join(root, 'appPackage', 'outline.png')) },
  ];
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'manifest.json'), manifestBytes);
  const zip = join(outDir, PACKAGE_NAME);
  await writeFile(zip, storedZip(files));
  return { zip, manifest };
}

// ---- a zip of stored (uncompressed) files: all three are small, and Teams reads stored entries ----------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) crc = CRC_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// 1980-01-01 00:00, the format's earliest date: the same inputs give the same bytes.
const DOS_TIME = 0;
const DOS_DATE = (1 << 5) | 1;

/** The fields a local header and a central directory entry share, in the same order, from `at`. */
function writeEntryFields(header: Buffer, at: number, crc: number, size: number, nameLength: number): void {
  header.writeUInt16LE(20, at); // version needed: 2.0
  header.writeUInt16LE(0x0800, at + 2); // names are UTF-8
  header.writeUInt16LE(0, at + 4); // stored
  header.writeUInt16LE(DOS_TIME, at + 6);
  header.writeUInt16LE(DOS_DATE, at + 8);
  header.writeUInt32LE(crc, at + 10);
  header.writeUInt32LE(size, at + 14); // compressed size: stored, so the same
  header.writeUInt32LE(size, at + 18);
  header.writeUInt16LE(nameLength, at + 22);
}

/** PKWARE APPNOTE 4.3: a local header and data per file, then the central directory and its end record. */
export function storedZip(files: { name: string; body: Uint8Array }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const crc = crc32(file.body);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeEntryFields(local, 4, crc, file.body.length, name.length);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
    writeEntryFields(central, 6, crc, file.body.length, name.length);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(file.body));
    centrals.push(central, name);
    offset += local.length + name.length + file.body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'page-url': { type: 'string' }, 'client-id': { type: 'string' }, 'app-id': { type: 'string' }, resource: { type: 'string' }, out: { type: 'string' } },
  });
  const settings = teamsAppSettings(process.env, values);
  const root = projectRoot();
  const { zip } = await buildTeamsApp(settings, resolve(values.out ?? join(root, 'dist', 'teams-app')), root);
  process.stdout.write(`${relative(process.cwd(), zip)}: upload it in Teams (Apps → Manage your apps → Upload an app)\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`teams-app: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

/**
 * Serves the findings page under /api/tab/. The page holds no data (the API behind it checks a token on
 * every call), so it is served to anyone. Files are looked up by exact name in the built set, never joined
 * onto a filesystem path, so no request can reach another file.
 *
 * In the Function App package the page is built ahead into `tab/` beside index.js (npm run build). In a
 * clone (`hunts serve`, tests) it is built from web/tab/ on the first request; the builder is imported by a
 * computed path so the Function App bundle never contains it (or esbuild).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectRoot } from '../util/paths.js';

/** Where `npm run build` puts the built page inside the Function App package. */
export const BUILT_PAGE_DIR = 'tab';

/**
 * No inline script or style, data only from this origin, and framed only by this origin and the Microsoft
 * 365 hosts that run Teams tabs (teams.microsoft.com, Teams on the web in Microsoft 365 and Outlook).
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft https://*.office.com https://*.microsoft365.com https://*.skype.com",
].join('; ');

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  png: 'image/png',
  txt: 'text/plain; charset=utf-8',
};

interface ServedFile {
  body: Uint8Array;
  type: string;
  etag: string;
  /** Content-hashed names never change content: cached for a year. */
  immutable: boolean;
}

async function readPage(root: string): Promise<Map<string, ServedFile>> {
  const built = join(root, BUILT_PAGE_DIR);
  let page: { name: string; body: Uint8Array }[];
  if (existsSync(join(built, 'index.html'))) {
    const names = await readdir(built);
    page = await Promise.all(names.map(async (name) => ({ name, body: await readFile(join(built, name)) })));
  } else {
    const builder = '../tab/buildPage.js';
    let buildPage: (root: string) => Promise<{ name: string; body: Uint8Array }[]>;
    try {
      ({ buildPage } = (await import(builder)) as { buildPage: typeof buildPage });
    } catch (error) {
      throw new Error(`the findings page is not built (no ${join(built, 'index.html')}) and cannot be built here: ${error instanceof Error ? error.message : String(error)}; run npm run build`);
    }
    page = await buildPage(root);
  }
  return new Map(
    page.map(({ name, body }) => [
      name,
      {
        body,
        type: TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream',
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
        immutable: /-[A-Z0-9]{8}\.(js|css)$/.test(name),
      },
    ]),
  );
}

function headers(extra: Record<string, string>): Headers {
  return new Headers({
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...extra,
  });
}

function text(status: number, message: string, extra: Record<string, string> = {}): Response {
  return new Response(`${message}\n`, { status, headers: headers({ 'Content-Type': TYPES.txt, 'Cache-Control': 'no-store', ...extra }) });
}

let served: ((request: Request) => Promise<Response>) | undefined;

/** GET /api/tab/ (index.html) and GET /api/tab/<asset>, from this package. */
export function servePage(request: Request): Promise<Response> {
  served ??= pageServer(projectRoot());
  return served(request);
}

/** Serves the page of the package at `root`: its built `tab/`, else web/tab/ built on the first request. */
export function pageServer(root: string): (request: Request) => Promise<Response> {
  let files: Promise<Map<string, ServedFile>> | undefined;
  const loadPage = () =>
    (files ??= readPage(root).catch((error: unknown) => {
      files = undefined; // the next request tries again, and says what went wrong again
      throw error;
    }));
  return (request) => respond(request, loadPage);
}

async function respond(request: Request, loadPage: () => Promise<Map<string, ServedFile>>): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'the findings page is read with GET', { Allow: 'GET, HEAD' });
  const url = new URL(request.url);
  // The Functions route prefix is the default `api` (host.json), as in `hunts serve`; the page has no folders.
  const match = /^\/api\/tab(\/[^/]*)?$/.exec(url.pathname);
  if (!match) return text(404, 'not found');
  const rest = match[1] ?? '';
  // Relative asset links need the trailing slash.
  if (rest === '') return new Response(null, { status: 308, headers: headers({ Location: `${url.pathname}/${url.search}`, 'Cache-Control': 'no-store' }) });

  let name: string;
  try {
    name = decodeURIComponent(rest.slice(1)) || 'index.html';
  } catch {
    return text(400, 'bad path');
  }
  const page = await loadPage();
  const file = page.get(name);
  if (!file) return text(404, 'not found');

  const common: Record<string, string> = {
    ETag: file.etag,
    'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  if (name === 'index.html') common['Content-Security-Policy'] = PAGE_CSP;
  if (request.headers.get('If-None-Match') === file.etag) return new Response(null, { status: 304, headers: headers(common) });
  return new Response(request.method === 'HEAD' ? null : file.body, {
    status: 200,
    headers: headers({ ...common, 'Content-Type': file.type, 'Content-Length': String(file.body.length) }),
  });
}

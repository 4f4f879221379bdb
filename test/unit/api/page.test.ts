/**
 * The findings page as served by servePage (the Function App's `tab/{*path}` route and `hunts serve`):
 * built from web/tab/ on the first request, content types, caching, the Content-Security-Policy, and no
 * way out of the built set of files.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PAGE_CSP, servePage } from '../../../src/api/page.js';

const BASE = 'http://127.0.0.1:7071';
const get = (path: string, init: RequestInit = {}) => servePage(new Request(`${BASE}${path}`, init));

async function indexHtml(): Promise<string> {
  const response = await get('/api/tab/');
  assert.equal(response.status, 200);
  return response.text();
}

function assets(html: string): { script: string; style: string } {
  const script = /<script type="module" src="([^"]+)"><\/script>/.exec(html)?.[1];
  const style = /<link rel="stylesheet" href="([^"]+)">/.exec(html)?.[1];
  assert.ok(script && style, html);
  return { script, style };
}

describe('the findings page', () => {
  it('serves index.html with the strict policy, revalidated on each load', async () => {
    const response = await get('/api/tab/');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(response.headers.get('cache-control'), 'no-cache');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    const csp = response.headers.get('content-security-policy');
    assert.equal(csp, PAGE_CSP);
    const directives = new Map(csp!.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    assert.deepEqual(directives.get('script-src'), ["'self'"], 'no inline script, no eval');
    assert.deepEqual(directives.get('connect-src'), ["'self'"]);
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.ok(directives.get('frame-ancestors')?.includes('https://teams.microsoft.com'), 'Teams may frame it');
    assert.ok(!csp!.includes('unsafe'), csp!);

    const html = await response.text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'every script is a file');
    assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i, 'no inline style or handlers');
  });

  it('redirects /api/tab to /api/tab/ (relative asset links need it), keeping the query', async () => {
    const response = await get('/api/tab?x=1');
    assert.equal(response.status, 308);
    assert.equal(response.headers.get('location'), '/api/tab/?x=1');
  });

  it('serves the content-hashed script and stylesheet with their types, cached for good', async () => {
    const { script, style } = assets(await indexHtml());
    assert.match(script, /^app-[A-Z0-9]{8}\.js$/);
    assert.match(style, /^tab-[A-Z0-9]{8}\.css$/);
    const js = await get(`/api/tab/${script}`);
    assert.equal(js.status, 200);
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const code = await js.text();
    assert.ok(code.length > 10_000, 'teams-js is bundled in');
    assert.doesNotMatch(code, /\binnerHTML\s*=|insertAdjacentHTML|document\.write/, 'no markup from strings');
    const css = await get(`/api/tab/${style}`);
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    assert.match(await css.text(), /\[data-theme=("|')?dark/);
  });

  it('answers 304 to a matching If-None-Match, and HEAD without a body', async () => {
    const first = await get('/api/tab/');
    const etag = first.headers.get('etag');
    assert.ok(etag);
    const again = await get('/api/tab/', { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
    const head = await get('/api/tab/', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String((await first.arrayBuffer()).byteLength));
    assert.equal(await head.text(), '');
  });

  it('refuses other methods', async () => {
    const response = await get('/api/tab/', { method: 'POST', body: 'x' });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'GET, HEAD');
  });

  it('serves nothing outside the built page, however the path is spelt', async () => {
    for (const path of [
      '/api/tab/..%2Fpackage.json',
      '/api/tab/%2e%2e%2f%2e%2e%2fpackage.json',
      '/api/tab/..%5Cpackage.json',
      '/api/tab/main.ts',
      '/api/tab/tab.css',
      '/api/tab/web/tab/index.html',
      '/api/tab/index.html%00',
      '/api/tab/%ZZ',
      '/api/tab/../../package.json',
      '/api/tabs/',
      '/api/other',
    ]) {
      const response = await get(path);
      assert.ok([400, 404].includes(response.status), `${path}: ${response.status}`);
      assert.doesNotMatch(await response.text(), /scheduled-hunts|import /, path);
    }
  });
});

/**
 * A page on 127.0.0.1 that renders an Adaptive Card with the adaptivecards package's own dist bundle, as a
 * host application does. The renderer leaves Markdown to its host; this page's Markdown is the subset a
 * card uses (backslash escapes, bold, emphasis, links) so that text which escaping failed to make inert
 * would come out as <a>, <strong> or <em>, and the test would see it.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

const BUNDLE = createRequire(import.meta.url).resolve('adaptivecards/dist/adaptivecards.min.js');

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>card</title>
<style>
  body { margin: 0; padding: 16px; background: #f5f5f5; font-family: "Segoe UI", system-ui, sans-serif; }
  #card { width: 640px; background: #fff; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.2); }
  .ac-pushButton { border: 1px solid #d1d1d1; border-radius: 4px; background: #fff; padding: 4px 10px; font: inherit; font-size: 13px; }
</style>
<script src="/adaptivecards.js"></script>
</head><body><div id="card"></div>
<script>
  // Escaped punctuation is set aside first, so only unescaped syntax can become markup.
  function markdown(text) {
    const kept = [];
    let t = text.replace(/\\\\([!-\\/:-@\\[-\`{-~])/g, (_, c) => { kept.push(c); return String.fromCharCode(0xE000 + kept.length - 1); });
    const html = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    t = html(t)
      .replace(/\\[([^\\]]*)\\]\\(([^)]*)\\)/g, '<a href="$2">$1</a>')
      .replace(/\\*\\*([^*]+)\\*\\*/g, '<strong>$1</strong>')
      .replace(/(^|[^\\w])[*_]([^*_]+)[*_](?=[^\\w]|$)/g, '$1<em>$2</em>');
    return t.replace(/[\\uE000-\\uEFFF]/g, (c) => html(kept[c.charCodeAt(0) - 0xE000]));
  }
  AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => { result.outputHtml = markdown(text); result.didProcess = true; };
  window.opened = [];
  window.problems = [];
  window.renderCard = (json) => {
    const card = new AdaptiveCards.AdaptiveCard();
    card.onExecuteAction = (action) => window.opened.push(action.url);
    const context = new AdaptiveCards.SerializationContext();
    card.parse(json, context);
    for (let i = 0; i < context.eventCount; i++) window.problems.push(context.getEventAt(i).message);
    const target = document.getElementById('card');
    target.replaceChildren(card.render());
  };
</script>
</body></html>`;

export interface CardPageServer {
  url: string;
  close(): Promise<void>;
}

export async function serveCardPage(): Promise<CardPageServer> {
  const bundle = readFileSync(BUNDLE);
  const server: Server = createServer((req, res) => {
    if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    else if (req.url === '/adaptivecards.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

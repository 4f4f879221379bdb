// A receiver for scheduled-hunts events: WEBHOOK_SECRET=whsec_... PORT=8080 node examples/webhook-receiver.mjs
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

const webhook = new Webhook(process.env.WEBHOOK_SECRET);
const seen = new Set(); // your ticket store: one ticket per webhook-id, however often it arrives
createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = Buffer.concat(chunks).toString('utf8'); // verify the exact bytes, before any JSON parsing
  let event;
  try { event = webhook.verify(body, req.headers); } catch { return res.writeHead(401).end(); }
  const id = req.headers['webhook-id'];
  if (!seen.has(id)) { seen.add(id); console.log(JSON.stringify({ id, type: event.type, finding: event.data.findingId })); }
  res.writeHead(204).end();
}).listen(Number(process.env.PORT ?? 8080), '127.0.0.1', function () { console.log(`listening on http://127.0.0.1:${this.address().port}`); });

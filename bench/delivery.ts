/**
 * Delivery at volume (issue 9): N new findings in one run, query aside, against Azurite and loopback
 * Teams and webhook receivers; each approach in a process of its own, in the same bench run:
 * time, Table Storage requests (counted by a policy on the clients), peak RSS, posts received.
 *
 *   npm run bench -- --only delivery [--findings 10000]
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { FINDING_SHARDS } from '../src/store/findingPartitions.js';
import { startAzurite } from '../src/store/azurite.js';
import { projectRoot } from '../src/util/paths.js';
import type { DeliverySideReport, DeliverySideRequest } from './deliverySide.js';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;

interface Receiver {
  url: string;
  posts: () => number;
  ids: () => number;
  reset: () => void;
  close: () => Promise<void>;
}

/** A receiver on 127.0.0.1 that counts posts and distinct webhook-ids; `verify` checks signatures as a ticketing system would. */
async function receiver(verify: boolean): Promise<Receiver> {
  let posts = 0;
  let ids = new Set<string>();
  const signer = new Webhook(SECRET);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posts += 1;
      let status = 202;
      if (verify) {
        try {
          signer.verify(Buffer.concat(chunks).toString('utf8'), req.headers as Record<string, string>);
          ids.add(String(req.headers['webhook-id']));
          status = 204;
        } catch {
          status = 401;
        }
      }
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    posts: () => posts,
    ids: () => ids.size,
    reset: () => ((posts = 0), (ids = new Set())),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** One side in its own node process, asynchronously: the receivers here must keep answering meanwhile. */
function side(request: DeliverySideRequest): Promise<DeliverySideReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot(), 'bench', 'deliverySide.ts'), JSON.stringify(request)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`bench/deliverySide.ts (${request.approach}) exited ${code}`));
      const lines = out.trim().split('\n');
      resolve(JSON.parse(lines[lines.length - 1]!) as DeliverySideReport);
    });
  });
}

export async function runDeliveryBenchmark(findings: number): Promise<void> {
  // In memory: on a folder, Azurite rewrites its whole database every 5 s, and at 10,000 findings that,
  // not our requests, is most of the time (measured: 229 s against 16 s at 3,000 findings).
  const azurite = await startAzurite({ location: 'memory' });
  const [teams, webhook] = await Promise.all([receiver(false), receiver(true)]);
  const rows: string[][] = [];
  try {
    const sides = [
      { approach: 'whole-batch', layout: 'one-partition', label: 'whole batch, one partition per hunt (before): all sent, then all marked' },
      { approach: 'per-delivery', layout: 'one-partition', label: 'per delivery, one partition per hunt: state written as each post settles' },
      { approach: 'per-delivery', layout: 'sharded', label: `per delivery, ${FINDING_SHARDS} partitions per hunt (now)` },
    ] as const;
    for (const { approach, layout, label } of sides) {
      process.stderr.write(`delivery: ${findings.toLocaleString('en-US')} findings, ${approach}, ${layout} ...\n`);
      teams.reset();
      webhook.reset();
      const tablePrefix = `d${approach.replace('-', '')}${layout.replace('-', '')}`;
      const r = await side({ approach, layout, findings, connectionString: azurite.connectionString, tablePrefix, teamsUrl: teams.url, webhookUrl: webhook.url, secret: SECRET });
      rows.push([
        label,
        findings.toLocaleString('en-US'),
        (r.ms / 1000).toFixed(1),
        r.tableRequests.toLocaleString('en-US'),
        Math.round(r.maxRssMb).toLocaleString('en-US'),
        `${webhook.posts().toLocaleString('en-US')} (${webhook.ids().toLocaleString('en-US')} ids)`,
        String(teams.posts()),
        `teams ${r.sent.teams ?? 0}, webhook ${r.sent.webhook ?? 0}`,
      ]);
    }
  } finally {
    await Promise.all([teams.close(), webhook.close()]);
    await azurite.stop();
  }
  const header = ['approach', 'new findings', 'time (s)', 'Table requests', 'peak RSS (MB)', 'webhook posts', 'Teams cards', 'marked sent'];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  process.stdout.write(
    `\n### Delivery of one run's new findings (query aside; Azurite in memory, loopback receivers)\n\n${line(header)}\n|---|---:|---:|---:|---:|---:|---:|---|\n${rows.map(line).join('\n')}\n`,
  );
}

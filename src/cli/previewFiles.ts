/**
 * What `hunts run` would have posted on a channel with no URL, written to files instead of the terminal: a
 * card is hundreds of lines of JSON, which buried the run's summary. One file per hunt and channel, replaced
 * on every run (removed when the run has nothing to post), so the folder shows the last run's payloads.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Channel } from '../notify/notifier.js';
import type { HuntRunReport } from '../run/runHunt.js';

/** `<dir>/<hunt file name>.teams.json` (the message as it would be posted) and `.webhook.json` (the events, in order). */
export function previewFile(dir: string, slug: string, channel: Channel): string {
  return join(dir, `${slug}.${channel}.json`);
}

/** Writes the report's previews; answers the file written per channel. */
export function writePreviews(report: HuntRunReport, slug: string, dir: string): Partial<Record<Channel, string>> {
  const written: Partial<Record<Channel, string>> = {};
  for (const channel of report.channels) {
    const file = previewFile(dir, slug, channel.channel);
    if (channel.configured || channel.previews.length === 0) {
      rmSync(file, { force: true });
      continue;
    }
    const bodies = channel.previews.map((p) => p.body);
    // A Teams run is one card (per 1,000 findings): the file is the message itself, ready to post or paste.
    const content = channel.channel === 'teams' && bodies.length === 1 ? bodies[0] : bodies;
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
    written[channel.channel] = file;
  }
  return written;
}

/** `npm start` as a new user runs it: no store configured, so the CLI starts its own Azurite. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hunts } from '../../support/cli.js';
import { cardProblems } from '../../support/notify/sampleCards.js';
import { quickStartOutput, README, readmeSample } from '../../../scripts/readme-sample.js';

/** Only what differs run to run: how long each hunt took. */
const steady = (text: string) => text.replace(/took +\d+ ms/g, 'took N ms').trimEnd();

describe('the quick start', () => {
  it('starts its own Azurite when no store is configured, and the second run finds everything known', async () => {
    const local = mkdtempSync(join(tmpdir(), 'cli-local-'));
    try {
      const env = { HUNTS_LOCAL_DIR: local };
      const first = await hunts(['run'], env);
      assert.equal(first.code, 0, first.stderr);
      // What the README shows is what a user sees, with the files in .local/ (HUNTS_LOCAL_DIR here).
      const sample = readmeSample(readFileSync(README, 'utf8'));
      assert.ok(sample, 'README.md has the sample output under Quick start');
      assert.equal(steady(quickStartOutput(first.stdout, local)), steady(sample), 'the README shows what `npm start` prints: `npm run docs:readme` writes it');
      const cardFile = join(local, 'would-post', 'pivot-detections-to-downloads.teams.json');
      const message = JSON.parse(readFileSync(cardFile, 'utf8'));
      assert.equal(message.attachments[0].contentType, 'application/vnd.microsoft.card.adaptive');
      assert.deepEqual(cardProblems(message.attachments[0].content), []);
      const events = JSON.parse(readFileSync(join(local, 'would-post', 'av-detections-with-source.webhook.json'), 'utf8'));
      assert.deepEqual(events.map((e: { type: string }) => e.type), Array(6).fill('com.scheduled-hunts.finding.new'));
      assert.ok(first.stdout.split('\n').length < 60, 'a summary, not the payloads');
      assert.match(first.stderr, /starting Azurite \(Table Storage emulator\) on 127\.0\.0\.1/);
      assert.match(first.stderr, /2 hunt\(s\) run, 0 failed; 8 new finding\(s\), 0 already known/);
      const second = await hunts(['run'], env);
      assert.match(second.stderr, /2 hunt\(s\) run, 0 failed; 0 new finding\(s\), 8 already known/);
      assert.match(second.stdout, /findings 2: 0 new, 2 already known/);
      assert.match(second.stdout, /teams +not configured \(TEAMS_WEBHOOK_URL\), nothing new to post/);
      assert.ok(!existsSync(cardFile), "a run with nothing to post removes the last run's files");
    } finally {
      rmSync(local, { recursive: true, force: true });
    }
  });
});


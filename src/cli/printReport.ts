import type { Channel, Preview } from '../notify/notifier.js';
import type { ChannelReport, HuntRunReport } from '../run/runHunt.js';
import { safeForTerminal } from '../util/escape.js';
import { displayValue } from '../util/telemetryJson.js';

const SETTING: Record<string, string> = { teams: 'TEAMS_WEBHOOK_URL', webhook: 'WEBHOOK_URL' };

/** Everything printed passes through here: telemetry must not move the cursor, recolour or forge lines. */
function t(value: unknown): string {
  return safeForTerminal(displayValue(value));
}

function iso(d: Date): string {
  return d.toISOString().replace('.000Z', 'Z');
}

function indent(text: string, pad: string): string {
  return text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}

function previewText(p: Preview): string {
  // JSON already escapes newlines inside values, so every newline here is structure: keep those.
  return JSON.stringify(p.body, null, 2)
    .split('\n')
    .map((line) => safeForTerminal(line))
    .join('\n');
}

/** A channel's line; `file` is where its previews were written (previewFiles.ts), else they are printed. */
export function channelLines(c: ChannelReport, file?: string): string[] {
  const name = c.channel.padEnd(8);
  if (!c.configured) {
    if (!c.previews.length) return [`  ${name} not configured (${SETTING[c.channel]}), nothing new to post`];
    if (file !== undefined) {
      const count = c.channel === 'teams' ? (c.previews.length === 1 ? '1 card' : `${c.previews.length} cards`) : c.previews.length === 1 ? '1 event' : `${c.previews.length} events`;
      return [`  ${name} not configured (set ${SETTING[c.channel]} to post); would post ${count}: ${t(file)}`];
    }
    const what = c.channel === 'teams' ? 'this card' : c.previews.length === 1 ? 'this event' : `${c.previews.length} events; the first:`;
    const shown = c.channel === 'teams' ? c.previews : c.previews.slice(0, 1);
    return [`  ${name} not configured (set ${SETTING[c.channel]} to post); would post ${what}`, ...shown.map((p) => indent(previewText(p), '      '))];
  }
  const incomplete = c.incomplete ? "; delivery incomplete: the run's deadline came, the rest stay owed for the next run" : '';
  if (!c.attempted) return [`  ${name} ${c.incomplete ? 'nothing sent' : 'nothing owed'}${incomplete}`];
  const retrying = c.failed - c.deadLettered;
  const errors = c.failed ? ` (${c.errors.map(t).join('; ')})` : '';
  const failed = [
    retrying ? `${retrying} failed and stay owed (the next run retries)` : '',
    c.deadLettered ? `${c.deadLettered} failed for the last time: dead letters (hunts redeliver --failed)` : '',
  ].filter(Boolean);
  return [`  ${name} sent ${c.sent} of ${c.attempted}${failed.length ? `, ${failed.join(', ')}${errors}` : ''}${incomplete}`];
}

/**
 * A failure's reason, one terminal line per line of it (a sign-in failure lists each credential tried),
 * each escaped on its own and indented under the first, so no line of it can pass for a report line.
 */
function reasonLines(lead: string, reason: string): string[] {
  const pad = ' '.repeat(lead.length);
  return reason.split('\n').map((line, i) => `${i ? pad : lead}${t(line)}`);
}

export function formatReport(r: HuntRunReport, previewFiles: Partial<Record<Channel, string>> = {}): string {
  const lines = [`▶ ${t(r.huntName)}  (${t(r.huntFile)})`];
  if (r.status === 'skipped') return [...lines, `  skipped: ${t(r.reason)}`].join('\n');
  if (r.window) lines.push(`  window   ${iso(r.window.start)} → ${iso(r.window.end)}  (${r.source} source)`);
  if (r.status === 'failed') return [...lines, ...reasonLines('  FAILED: ', r.reason ?? ''), '  the watermark did not move; the next run covers this window again'].join('\n');

  const rules = Object.entries(r.excludedByRule)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name} ${n}`);
  const excluded = r.exclusionsApplied ? `excluded ${r.excluded}${rules.length ? `: ${rules.join(', ')}` : ''}` : 'exclusions off (--no-exclusions)';
  lines.push(`  rows     ${r.rows}, ${excluded}`);
  if (r.excludedByTriage) lines.push(`  triage   ${r.excludedByTriage} finding(s) excluded by triage (marked false positive; reopen in the findings tab to see them again)`);
  lines.push(`  findings ${r.findings.length}: ${r.newCount} new, ${r.seenCount} already known, ${r.renotifyCount} due for a new notice`);
  for (const f of r.findings) {
    const label = f.status === 'new' ? 'NEW  ' : f.status === 'renotify' ? 'AGAIN' : 'known';
    lines.push(`  ${label} [${f.finding.severity}] ${t(f.finding.title)}`);
    const key = Object.entries(f.finding.key).map(([k, v]) => `${k}=${t(v) || '""'}`);
    lines.push(`        key ${key.join(', ')}; seen ${f.timesSeen}× since ${iso(f.firstSeen)}`);
  }
  for (const c of r.channels) lines.push(...channelLines(c, previewFiles[c.channel]));
  lines.push(`  took     ${r.durationMs} ms`);
  return lines.join('\n');
}

/** One JSON object per hunt run, for scripts: the summary and every finding with its key values and columns. */
export function reportJson(r: HuntRunReport): Record<string, unknown> {
  return {
    huntId: r.huntId,
    huntName: r.huntName,
    file: r.huntFile,
    runId: r.runId,
    source: r.source,
    status: r.status,
    reason: r.reason ?? null,
    window: r.window && { start: r.window.start.toISOString(), end: r.window.end.toISOString() },
    rows: r.rows,
    exclusionsApplied: r.exclusionsApplied,
    excluded: r.excluded,
    excludedByRule: r.excludedByRule,
    excludedByTriage: r.excludedByTriage,
    newCount: r.newCount,
    seenCount: r.seenCount,
    renotifyCount: r.renotifyCount,
    durationMs: r.durationMs,
    channels: r.channels.map((c) => ({ channel: c.channel, configured: c.configured, attempted: c.attempted, sent: c.sent, failed: c.failed, deadLettered: c.deadLettered, incomplete: !!c.incomplete, errors: c.errors })),
    deliveryIncomplete: r.deliveryIncomplete,
    findings: r.findings.map((f) => ({
      id: f.finding.id,
      status: f.status,
      title: f.finding.title,
      severity: f.finding.severity,
      key: f.finding.key,
      columns: f.finding.row,
      firstSeen: f.firstSeen.toISOString(),
      lastSeen: f.lastSeen.toISOString(),
      timesSeen: f.timesSeen,
    })),
  };
}

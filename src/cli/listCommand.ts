import { jsonLine, safeForTerminal } from '../util/escape.js';
import { loadOrReport } from './runCommand.js';
import { textTable } from './textTable.js';

/** `hunts list`: one row per hunt, its id first (what `--hunt` and the findings table use). */
export function listCommand(huntsDir: string, json: boolean): number {
  const { hunts, failed } = loadOrReport(huntsDir);
  if (json) {
    for (const h of hunts) {
      process.stdout.write(
        `${jsonLine({ id: h.id, slug: h.slug, name: h.name, file: h.file, enabled: h.enabled, schedule: h.schedule, lookback: h.lookback.iso, key: h.finding.key, keySource: h.finding.keySource, severity: h.finding.severity, exclusions: h.exclusions.map((r) => r.name) })}\n`,
      );
    }
  } else if (hunts.length) {
    const rows = hunts.map((h) => [h.id, h.slug, h.schedule, h.lookback.iso, h.finding.severity, `${h.name}${h.enabled ? '' : ' (disabled)'}`].map(safeForTerminal));
    process.stdout.write(textTable(['ID', 'FILE', 'SCHEDULE (UTC)', 'LOOKBACK', 'SEVERITY', 'NAME'], rows));
  }
  return failed ? 1 : 0;
}

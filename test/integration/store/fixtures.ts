import { createHash, randomUUID } from 'node:crypto';
import type { Finding } from '../../../src/findings/finding.js';
import type { Hunt } from '../../../src/hunts/hunt.js';

/** A minimal hunt; every call gets a fresh id so tests sharing tables never share a partition. */
export function testHunt(renotifyAfterMs: number | null = null): Hunt {
  const id = randomUUID();
  return {
    id,
    name: `hunt ${id}`,
    description: '',
    query: 'DeviceEvents | take 1',
    schedule: '0 0 * * * *',
    lookback: { iso: 'PT1H', ms: 3_600_000 },
    ingestionDelay: { iso: 'PT0S', ms: 0 },
    maxCatchUp: { iso: 'P1D', ms: 86_400_000 },
    finding: {
      key: ['Host'],
      title: 'Downloads from {Host}',
      severity: 'Medium',
      renotifyAfter: renotifyAfterMs === null ? null : { iso: `PT${renotifyAfterMs / 1000}S`, ms: renotifyAfterMs },
    },
    exclusions: [],
    enabled: true,
    tactics: [],
    relevantTechniques: [],
    file: 'hunts/test.yaml',
    slug: 'test',
    raw: {},
  };
}

export function testFinding(hunt: Hunt, host: string, row: Record<string, unknown> = {}): Finding {
  const key = { Host: host };
  return {
    id: createHash('sha256').update(JSON.stringify(key)).digest('hex'),
    huntId: hunt.id,
    key,
    title: `Downloads from ${host}`,
    severity: 'Medium',
    row: { Host: host, ...row },
  };
}

export const at = (iso: string): Date => new Date(iso);

import { createHash } from 'node:crypto';
import type { Finding } from '../../../src/findings/finding.js';
import type { Hunt } from '../../../src/hunts/hunt.js';
import { duration, makeHunt } from '../../support/hunt.js';

/** A minimal hunt; every call gets a fresh id so tests sharing tables never share a partition. */
export function testHunt(renotifyAfterMs: number | null = null): Hunt {
  return makeHunt({
    finding: { renotifyAfter: renotifyAfterMs === null ? null : duration(`PT${renotifyAfterMs / 1000}S`, renotifyAfterMs) },
  });
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

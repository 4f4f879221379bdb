import { randomUUID } from 'node:crypto';
import type { Duration, FindingSpec, Hunt } from '../../src/hunts/hunt.js';

export function duration(iso: string, ms: number): Duration {
  return { iso, ms };
}

export type HuntOverrides = Partial<Omit<Hunt, 'finding'>> & { finding?: Partial<FindingSpec> };

/** A hunt for tests, built in code; each call gets a fresh id unless one is given, so tests never share a partition. */
export function makeHunt(overrides: HuntOverrides = {}): Hunt {
  const id = overrides.id ?? randomUUID();
  const { finding, ...rest } = overrides;
  return {
    id,
    name: `Test hunt ${id.slice(0, 8)}`,
    description: '',
    query: 'DeviceEvents | take 1',
    schedule: '0 0 * * * *',
    lookback: duration('PT1H', 3_600_000),
    ingestionDelay: duration('PT0S', 0),
    maxCatchUp: duration('P1D', 86_400_000),
    exclusions: [],
    enabled: true,
    tactics: [],
    relevantTechniques: [],
    file: 'hunts/test.yaml',
    slug: 'test',
    raw: {},
    ...rest,
    finding: {
      key: ['Host'],
      title: 'Downloads from {Host}',
      severity: 'Medium',
      renotifyAfter: null,
      ...finding,
      keySource: finding?.keySource ?? (finding?.key?.length === 0 ? 'derived from columns' : 'finding.key'),
    },
  };
}

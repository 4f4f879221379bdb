/** The typed hunt every other module works with; src/hunts/load.ts makes it from YAML. */

export type Severity = 'Informational' | 'Low' | 'Medium' | 'High';

/** An ISO 8601 duration kept with its value, so messages can show what the user wrote. */
export interface Duration {
  iso: string;
  ms: number;
}

/**
 * Where a hunt's finding key came from: its own `finding.key`, the columns of its Sentinel
 * `entityMappings`, or (neither given) the identity-like columns of its result (findings/keyColumns.ts).
 */
export type KeySource = 'finding.key' | 'entityMappings' | 'derived from columns';

export interface FindingSpec {
  /** Result columns whose values identify one finding; empty when derived from the result's columns. */
  key: string[];
  keySource: KeySource;
  /** Title template: `{Column}` is replaced by that column's value; empty for the default title. */
  title: string;
  /** Columns a Teams card shows for each finding, in order (`finding.show`); absent or empty for the default order. */
  show?: string[];
  severity: Severity;
  /** A finding seen again after this long since its last notice is announced again; null never. */
  renotifyAfter: Duration | null;
}

export type ExclusionKind =
  | 'domains'
  | 'cidrs'
  | 'domainSuffixes'
  | 'hashes'
  | 'processNames'
  | 'fileNames';

/** One exclusion rule: values of one kind, checked against the named result columns. */
export interface ExclusionRule {
  /** Stable name shown in run reports ("trusted-update-hosts"). */
  name: string;
  kind: ExclusionKind;
  columns: string[];
  values: string[];
  /** Where the rule came from: "hunts/exclusions.yaml" or the hunt file. */
  origin: string;
  reason?: string;
}

export interface Hunt {
  id: string;
  name: string;
  description: string;
  query: string;
  /** Six-field NCRONTAB ("sec min hour day month weekday"), UTC. */
  schedule: string;
  lookback: Duration;
  ingestionDelay: Duration;
  /** Longest window a catch-up run may cover after missed runs. */
  maxCatchUp: Duration;
  finding: FindingSpec;
  exclusions: ExclusionRule[];
  enabled: boolean;
  tactics: string[];
  relevantTechniques: string[];
  /** The file the hunt was loaded from, as the user named the folder. */
  file: string;
  /** The file's base name ("av-detections-with-source"): names the hunt in app settings and logs. */
  slug: string;
  /** Every key of the YAML as written, Sentinel's own included, kept as-is. */
  raw: Record<string, unknown>;
}

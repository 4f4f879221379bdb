import { BlockList, isIP } from 'node:net';
import picomatch from 'picomatch';
import type { ExclusionKind, ExclusionRule } from '../hunts/hunt.js';
import type { ResultColumn, Row } from '../sources/querySource.js';

/** Columns a rule reads when it names none: the places Defender tables and the seed hunts put that kind of value. */
export const DEFAULT_COLUMNS: Record<ExclusionKind, string[]> = {
  domains: ['Host', 'FileOriginUrl', 'DetectedUrl', 'RemoteUrl', 'Url'],
  domainSuffixes: ['Host', 'FileOriginUrl', 'DetectedUrl', 'RemoteUrl', 'Url'],
  cidrs: ['Host', 'FileOriginUrl', 'DetectedUrl', 'RemoteUrl', 'Url', 'FileOriginIP', 'RemoteIP'],
  hashes: ['MD5', 'SHA1', 'SHA256'],
  processNames: ['InitiatingProcessFileName', 'InitiatingProcessParentFileName'],
  fileNames: ['FileName'],
};

type Test = (text: string) => boolean;

export interface CompiledRule {
  rule: ExclusionRule;
  columns: string[];
  test: Test;
}

/** Thrown for a rule value that can never match as written; `index` points into rule.values. */
export class ExclusionValueError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

// Several rules read the same cell: parse each URL once. Bounded, since the keys are telemetry.
const HOST_CACHE_MAX = 20_000;
const hostCache = new Map<string, string>();

/** The host of a URL, or the text itself when it is already a host; lower case, no trailing dot or brackets. */
export function hostOf(text: string): string {
  let host = hostCache.get(text);
  if (host === undefined) {
    if (hostCache.size >= HOST_CACHE_MAX) hostCache.clear();
    host = parseHost(text);
    hostCache.set(text, host);
  }
  return host;
}

function parseHost(text: string): string {
  let host = text.trim();
  const scheme = host.indexOf('://');
  if (scheme > 0) {
    try {
      host = new URL(host).hostname;
    } catch {
      host = host.slice(scheme + 3).split(/[/?#]/)[0].replace(/^[^@]*@/, '');
    }
  } else {
    host = host.split(/[/?#]/)[0];
    // "host:8080" but not a bare IPv6 address, which has several colons.
    if ((host.match(/:/g) ?? []).length === 1) host = host.split(':')[0];
  }
  return host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

const HOSTNAME = /^(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;
const HASH_LENGTHS = new Set([32, 40, 64]);

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function compileDomains(values: string[]): Test {
  const exact = new Set<string>();
  const suffixes: string[] = [];
  values.forEach((raw, i) => {
    const value = raw.trim().toLowerCase().replace(/\.$/, '');
    if (!HOSTNAME.test(value)) {
      throw new ExclusionValueError(`"${raw}" is not a domain; write "example.com" or "*.example.com" (no scheme or path)`, i);
    }
    if (value.startsWith('*.')) suffixes.push(value.slice(1));
    else exact.add(value);
  });
  return (text) => {
    const host = hostOf(text);
    return exact.has(host) || suffixes.some((s) => host.endsWith(s));
  };
}

function compileDomainSuffixes(values: string[]): Test {
  const suffixes = values.map((raw, i) => {
    const value = raw.trim().toLowerCase().replace(/^\*?\.?/, '').replace(/\.$/, '');
    if (!HOSTNAME.test(value)) throw new ExclusionValueError(`"${raw}" is not a domain suffix; write e.g. "internal.corp"`, i);
    return value;
  });
  // A suffix matches itself and any subdomain, but only at a label boundary: "corp" must not match "evilcorp".
  return (text) => {
    const host = hostOf(text);
    return suffixes.some((s) => host === s || host.endsWith(`.${s}`));
  };
}

function compileCidrs(values: string[]): Test {
  const list = new BlockList();
  values.forEach((raw, i) => {
    const [address, prefixText] = raw.trim().split('/');
    const family = isIP(address);
    const prefix = prefixText === undefined ? (family === 6 ? 128 : 32) : Number(prefixText);
    const max = family === 6 ? 128 : 32;
    if (!family || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
      throw new ExclusionValueError(`"${raw}" is not a CIDR range; write e.g. "10.0.0.0/8" or "fd00::/8"`, i);
    }
    list.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
  });
  return (text) => {
    const host = hostOf(text);
    const family = isIP(host);
    return family !== 0 && list.check(host, family === 6 ? 'ipv6' : 'ipv4');
  };
}

function compileHashes(values: string[]): Test {
  const set = new Set(
    values.map((raw, i) => {
      const value = raw.trim().toLowerCase();
      if (!/^[0-9a-f]+$/.test(value) || !HASH_LENGTHS.has(value.length)) {
        throw new ExclusionValueError(`"${raw}" is not an MD5, SHA1 or SHA256 hex digest (32, 40 or 64 hex digits)`, i);
      }
      return value;
    }),
  );
  return (text) => set.has(text.trim().toLowerCase());
}

function compileProcessNames(values: string[]): Test {
  const set = new Set(values.map((v) => baseName(v.trim()).toLowerCase()));
  return (text) => set.has(baseName(text.trim()).toLowerCase());
}

function compileFileNames(values: string[]): Test {
  const match = picomatch(values.map((v) => v.trim()), { nocase: true, dot: true });
  return (text) => match(baseName(text.trim()));
}

const COMPILERS: Record<ExclusionKind, (values: string[]) => Test> = {
  domains: compileDomains,
  domainSuffixes: compileDomainSuffixes,
  cidrs: compileCidrs,
  hashes: compileHashes,
  processNames: compileProcessNames,
  fileNames: compileFileNames,
};

export function compileRule(rule: ExclusionRule): CompiledRule {
  return { rule, columns: rule.columns.length ? rule.columns : DEFAULT_COLUMNS[rule.kind], test: COMPILERS[rule.kind](rule.values) };
}

function valueMatches(value: unknown, test: Test): boolean {
  if (typeof value === 'string') return value !== '' && test(value);
  // makeset/make_list results arrive as arrays: any element counts.
  if (Array.isArray(value)) return value.some((v) => valueMatches(v, test));
  return false;
}

export interface ExclusionOutcome {
  kept: Row[];
  excluded: number;
  /** Rows each rule excluded (the first rule that matches a row gets it), every applicable rule listed. */
  byRule: Record<string, number>;
  /** Rules none of whose columns are in this result: they cannot exclude anything here. */
  inapplicable: string[];
}

export function applyExclusions(rows: Row[], columns: ResultColumn[], rules: ExclusionRule[]): ExclusionOutcome {
  const present = new Set(columns.map((c) => c.name));
  const compiled: CompiledRule[] = [];
  const inapplicable: string[] = [];
  const byRule: Record<string, number> = {};
  for (const rule of rules) {
    const c = compileRule(rule);
    const cols = c.columns.filter((col) => present.has(col));
    if (cols.length === 0) {
      inapplicable.push(rule.name);
      continue;
    }
    compiled.push({ ...c, columns: cols });
    byRule[rule.name] = 0;
  }
  const kept: Row[] = [];
  let excluded = 0;
  for (const row of rows) {
    const hit = compiled.find((c) => c.columns.some((col) => valueMatches(row[col], c.test)));
    if (hit) {
      byRule[hit.rule.name]++;
      excluded++;
    } else {
      kept.push(row);
    }
  }
  return { kept, excluded, byRule, inapplicable };
}

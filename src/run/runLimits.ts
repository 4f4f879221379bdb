/**
 * How long a run may take and how often a notice is tried, from app settings. The deadline is the
 * Function timeout less a margin for the run record, the watermark and the lease release; the lease
 * outlives the timeout, so a run killed at the timeout never overlaps the next one.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_MAX_ATTEMPTS } from '../store/findingStore.js';
import { SettingsError } from '../util/settingsError.js';

export const DELIVERY_MAX_ATTEMPTS = 'DELIVERY_MAX_ATTEMPTS';
/** Azure's app-setting override of host.json's functionTimeout. */
export const FUNCTION_TIMEOUT_SETTING = 'AzureFunctionsJobHost__functionTimeout';
export const RUN_DEADLINE_MARGIN_SECONDS = 'RUN_DEADLINE_MARGIN_SECONDS';

/** host.json's functionTimeout when it says none, and what an unbounded one (-1) is held to. */
export const DEFAULT_FUNCTION_TIMEOUT_MS = 10 * 60_000;
export const UNBOUNDED_FUNCTION_TIMEOUT_MS = 30 * 60_000;
/** The default margin: 15 % of the timeout, at most 2 minutes. */
const MARGIN_SHARE = 0.15;
const MARGIN_CAP_MS = 2 * 60_000;
/** How much longer than the timeout a lease lasts. */
const LEASE_EXTRA_MS = 5 * 60_000;
const MAX_ATTEMPTS_LIMIT = 1_000;

export interface RunLimits {
  /** The Function timeout (or the CLI's stand-in). */
  timeoutMs: number;
  marginMs: number;
  /** From the start of an invocation to its deadline: timeout less margin. */
  budgetMs: number;
  /** Longer than the timeout. */
  leaseTtlMs: number;
  maxAttempts: number;
}

/** DELIVERY_MAX_ATTEMPTS: runs that may try a notice before it is dead-lettered. */
export function maxAttemptsFromEnv(env: NodeJS.ProcessEnv): number {
  const text = env[DELIVERY_MAX_ATTEMPTS]?.trim();
  if (!text) return DEFAULT_MAX_ATTEMPTS;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > MAX_ATTEMPTS_LIMIT) {
    throw new SettingsError(
      DELIVERY_MAX_ATTEMPTS,
      `must be a whole number from 1 to ${MAX_ATTEMPTS_LIMIT} (runs that try a notice before it becomes a dead letter); unset it for the default, ${DEFAULT_MAX_ATTEMPTS}`,
    );
  }
  return value;
}

/**
 * A functionTimeout as host.json and the app setting write it, .NET TimeSpan text: `hh:mm:ss`,
 * `d.hh:mm:ss`, optional fractions; `-1` is unbounded (null).
 */
export function parseFunctionTimeout(text: string, where: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '-1') return null;
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/.exec(trimmed);
  const ms = m ? (((Number(m[1] ?? 0) * 24 + Number(m[2])) * 60 + Number(m[3])) * 60 + Number(m[4])) * 1000 : NaN;
  if (!m || Number(m[3]) > 59 || Number(m[4]) > 59 || ms <= 0) {
    throw new SettingsError(where, `"${trimmed}" is not a timeout; write hh:mm:ss, e.g. 00:10:00, or -1 for none`);
  }
  return ms;
}

/** host.json's functionTimeout, or undefined when the file or the key is absent. */
export function hostFunctionTimeout(hostJsonPath: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(hostJsonPath, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value = (JSON.parse(text) as { functionTimeout?: unknown }).functionTimeout;
    return typeof value === 'string' ? value : undefined;
  } catch {
    throw new Error(`${hostJsonPath}: not valid JSON; the Functions host cannot start with it either`);
  }
}

/** The margin before a timeout of `timeoutMs`: RUN_DEADLINE_MARGIN_SECONDS, else 15 % up to 2 minutes. */
function marginFromEnv(env: NodeJS.ProcessEnv, timeoutMs: number): number {
  const text = env[RUN_DEADLINE_MARGIN_SECONDS]?.trim();
  if (!text) return Math.min(MARGIN_CAP_MS, Math.round(timeoutMs * MARGIN_SHARE));
  const seconds = Number(text);
  if (!/^\d+$/.test(text) || seconds * 1000 >= timeoutMs) {
    throw new SettingsError(
      RUN_DEADLINE_MARGIN_SECONDS,
      `must be a whole number of seconds below the function timeout (${timeoutMs / 1000} s): the time kept back after delivery stops, for the run record and the watermark; unset it for 15 % of the timeout, at most 120`,
    );
  }
  return seconds * 1000;
}

/**
 * The limits of a run in Azure: the timeout from the app setting, else host.json, else the default;
 * every setting checked, so a bad one fails the first invocation with its name.
 */
export function functionRunLimits(env: NodeJS.ProcessEnv, hostTimeout: string | undefined): RunLimits {
  const setting = env[FUNCTION_TIMEOUT_SETTING]?.trim();
  const parsed = setting
    ? parseFunctionTimeout(setting, FUNCTION_TIMEOUT_SETTING)
    : hostTimeout !== undefined
      ? parseFunctionTimeout(hostTimeout, 'host.json functionTimeout')
      : DEFAULT_FUNCTION_TIMEOUT_MS;
  const timeoutMs = parsed ?? UNBOUNDED_FUNCTION_TIMEOUT_MS;
  const marginMs = marginFromEnv(env, timeoutMs);
  return { timeoutMs, marginMs, budgetMs: timeoutMs - marginMs, leaseTtlMs: timeoutMs + LEASE_EXTRA_MS, maxAttempts: maxAttemptsFromEnv(env) };
}

/**
 * The CLI has no Function timeout, but it shares the hunts' leases with the Functions when pointed at
 * the same store: it keeps to the same limits as a Function with the default timeout.
 */
export function cliRunLimits(env: NodeJS.ProcessEnv): RunLimits {
  return functionRunLimits({ ...env, [FUNCTION_TIMEOUT_SETTING]: undefined }, undefined);
}

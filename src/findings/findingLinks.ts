/**
 * Where an analyst goes from a finding: the device and file pages in the Defender portal, the hunt's query
 * over the run's window in Log Analytics and in Defender advanced hunting, and the finding in the findings
 * tab. Shared by the Teams card and the findings API (its `actions`).
 *
 * Telemetry is attacker-controlled, so a link is built only from values that are checked identifiers (a
 * DeviceId or SHA1 is 40 hex digits, a SHA256 64, the finding id 64) or from settings and the hunt's own
 * YAML; free text (names, paths, URLs from the row) never reaches a URL.
 */
import { gzipSync } from 'node:zlib';
import type { Hunt } from '../hunts/hunt.js';
import { isLoopbackHttp } from '../util/loopback.js';
import { SettingsError } from '../util/settingsError.js';

export type FindingLinkKind = 'device' | 'file' | 'logAnalytics' | 'advancedHunting' | 'tab';

export interface FindingLink {
  kind: FindingLinkKind;
  /** Short: it is a button's label on the card. */
  title: string;
  url: string;
}

export interface LinkSettings {
  /** `/subscriptions/…/providers/Microsoft.OperationalInsights/workspaces/…`: the portal links to it. */
  workspaceResourceId?: string;
  /** Entra tenant (GUID or verified domain): `#@tenant` in portal links, `tid=` in Defender's. */
  tenantId?: string;
  /** The findings tab's public URL (`…/api/tab/`). */
  findingsPageUrl?: string;
  /** The Teams app's id: the tab link becomes a Teams deep link to its static tab. */
  teamsAppId?: string;
}

export interface FindingLinkInput {
  hunt: Hunt;
  findingId: string;
  key: Record<string, unknown>;
  row: Record<string, unknown>;
  /** The run's query window; without it the query links open with the portal's default time range. */
  window?: { start: Date; end: Date };
}

/** The Teams app's static tab (appPackage/manifest.json) that shows findings. */
export const FINDINGS_TAB_ENTITY_ID = 'findings';
const DEFENDER_PORTAL = 'https://security.microsoft.com';
const AZURE_PORTAL = 'https://portal.azure.com';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX40 = /^[0-9a-f]{40}$/i;
const HEX64 = /^[0-9a-f]{64}$/i;
const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const WORKSPACE_RESOURCE_ID =
  /^\/subscriptions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/resourceGroups\/[-\w.()]{1,90}\/providers\/Microsoft\.OperationalInsights\/workspaces\/[A-Za-z0-9][A-Za-z0-9-]{2,62}$/i;

/** Columns that hold Defender's device id; the first valid value (key columns first) is the device. */
const DEVICE_ID_COLUMNS = ['DeviceId'];
/** SHA256 first: the file page takes either, and SHA256 names one file for certain. */
const FILE_HASH_COLUMNS: { column: string; shape: RegExp }[] = [
  { column: 'SHA256', shape: HEX64 },
  { column: 'SHA1', shape: HEX40 },
];

export class LinkSettingsError extends Error {
  constructor(readonly problems: SettingsError[]) {
    super(`Link settings are not usable:\n${problems.map((p) => `- ${p.message}`).join('\n')}`);
    this.name = 'LinkSettingsError';
  }
}

function setting(env: Record<string, string | undefined>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * LOG_ANALYTICS_WORKSPACE_RESOURCE_ID, ENTRA_TENANT_ID, FINDINGS_PAGE_URL, TEAMS_APP_ID; each optional (a
 * link that needs an unset one is left out). Throws LinkSettingsError naming every bad one; values are not
 * echoed (a page URL may carry a key).
 */
export function linkSettingsFrom(env: Record<string, string | undefined> = process.env): LinkSettings {
  const problems: SettingsError[] = [];
  const settings: LinkSettings = {};

  const workspace = setting(env, 'LOG_ANALYTICS_WORKSPACE_RESOURCE_ID');
  if (workspace !== undefined) {
    if (WORKSPACE_RESOURCE_ID.test(workspace)) settings.workspaceResourceId = workspace;
    else
      problems.push(
        new SettingsError(
          'LOG_ANALYTICS_WORKSPACE_RESOURCE_ID',
          'is not a Log Analytics workspace resource ID; set it to /subscriptions/<subscription GUID>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name> ' +
            '(`az monitor log-analytics workspace show -g <group> -n <name> --query id -o tsv`); the workspace GUID stays in LOG_ANALYTICS_WORKSPACE_ID',
        ),
      );
  }

  const tenant = setting(env, 'ENTRA_TENANT_ID');
  if (tenant !== undefined) {
    if (GUID.test(tenant) || DOMAIN.test(tenant)) settings.tenantId = tenant.toLowerCase();
    else problems.push(new SettingsError('ENTRA_TENANT_ID', 'is not a tenant ID; set it to the Entra tenant GUID (`az account show --query tenantId -o tsv`) or a verified domain (contoso.onmicrosoft.com)'));
  }

  const page = setting(env, 'FINDINGS_PAGE_URL');
  if (page !== undefined) {
    const problem = pageUrlProblem(page);
    if (problem) problems.push(new SettingsError('FINDINGS_PAGE_URL', problem));
    else settings.findingsPageUrl = page;
  }

  const app = setting(env, 'TEAMS_APP_ID');
  if (app !== undefined) {
    if (GUID.test(app)) settings.teamsAppId = app.toLowerCase();
    else problems.push(new SettingsError('TEAMS_APP_ID', "is not a GUID; set it to the Teams app's id (appPackage/manifest.json `id`)"));
  }

  if (problems.length) throw new LinkSettingsError(problems);
  return settings;
}

function pageUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL; set it to the findings page\'s https:// address (https://<app>.azurewebsites.net/api/tab/)';
  }
  if (url.protocol !== 'https:' && !isLoopbackHttp(url)) return 'must be an https:// URL (http only for 127.0.0.1 or localhost)';
  if (url.hash) return 'must not have a #fragment: the link adds #hunt=…&finding=… to it';
  return undefined;
}

/** What the tab reads to open one finding: its URL fragment, and the Teams deep link's subEntityId. */
export function findingTabTarget(huntId: string, findingId: string): string {
  return `hunt=${encodeURIComponent(huntId)}&finding=${encodeURIComponent(findingId)}`;
}

/** The reverse of findingTabTarget (a leading `#` is allowed); undefined unless both parts are there. */
export function parseFindingTabTarget(text: string): { huntId: string; findingId: string } | undefined {
  const params = new URLSearchParams(text.replace(/^#/, ''));
  const huntId = params.get('hunt');
  const findingId = params.get('finding');
  return huntId && findingId ? { huntId, findingId } : undefined;
}

function firstValid(columns: string[], shape: RegExp, input: FindingLinkInput): string | undefined {
  for (const source of [input.key, input.row]) {
    for (const column of columns) {
      const value = source[column];
      if (typeof value === 'string' && shape.test(value)) return value.toLowerCase();
    }
  }
  return undefined;
}

function withTenant(url: string, settings: LinkSettings): string {
  return settings.tenantId ? `${url}${url.includes('?') ? '&' : '?'}tid=${encodeURIComponent(settings.tenantId)}` : url;
}

function gzipBase64(bytes: Buffer): string {
  return gzipSync(bytes).toString('base64');
}

/** The portal's share-a-query link: the KQL gzipped, base64, URL-encoded; the window as an ISO interval. */
export function logAnalyticsQueryUrl(query: string, workspaceResourceId: string, window?: { start: Date; end: Date }, tenantId?: string): string {
  const tenant = tenantId ? `#@${encodeURIComponent(tenantId)}` : '#';
  const q = encodeURIComponent(gzipBase64(Buffer.from(query, 'utf8')));
  const timespan = window ? `/timespan/${encodeURIComponent(`${window.start.toISOString()}/${window.end.toISOString()}`)}` : '';
  return `${AZURE_PORTAL}/${tenant}/blade/Microsoft_Azure_Monitoring_Logs/LogsBlade/resourceId/${encodeURIComponent(workspaceResourceId)}/source/LogsBlade.AnalyticsShareLinkToQuery/q/${q}${timespan}`;
}

/** Defender's advanced hunting opens `query`: the KQL as UTF-16LE, gzipped, base64, URL-encoded. */
export function advancedHuntingUrl(query: string, window?: { start: Date; end: Date }, tenantId?: string): string {
  const q = encodeURIComponent(gzipBase64(Buffer.from(query, 'utf16le')));
  const range = window
    ? `&fromDate=${encodeURIComponent(window.start.toISOString())}&toDate=${encodeURIComponent(window.end.toISOString())}`
    : '';
  return withTenant(`${DEFENDER_PORTAL}/v2/advanced-hunting?query=${q}${range}`, { tenantId });
}

function tabUrl(huntId: string, findingId: string, settings: LinkSettings): string | undefined {
  const target = findingTabTarget(huntId, findingId);
  if (settings.teamsAppId) {
    const context = encodeURIComponent(JSON.stringify({ subEntityId: target }));
    // webUrl is where a client that cannot show the tab goes instead (its host must be in the manifest's validDomains).
    const web = settings.findingsPageUrl ? `&webUrl=${encodeURIComponent(`${settings.findingsPageUrl}#${target}`)}` : '';
    return `https://teams.microsoft.com/l/entity/${settings.teamsAppId}/${FINDINGS_TAB_ENTITY_ID}?context=${context}${web}`;
  }
  if (settings.findingsPageUrl) return `${settings.findingsPageUrl}#${target}`;
  return undefined;
}

function validWindow(window: FindingLinkInput['window']): { start: Date; end: Date } | undefined {
  if (!window) return undefined;
  const ok = !Number.isNaN(window.start.getTime()) && !Number.isNaN(window.end.getTime()) && window.start <= window.end;
  return ok ? window : undefined;
}

/**
 * The links a finding has, in the order a card shows them: device, file, the query in Log Analytics and
 * in advanced hunting, the tab. A link whose identifier or setting is missing is left out.
 */
export function findingLinks(input: FindingLinkInput, settings: LinkSettings): FindingLink[] {
  const links: FindingLink[] = [];
  const device = firstValid(DEVICE_ID_COLUMNS, HEX40, input);
  if (device) links.push({ kind: 'device', title: 'Device in Defender', url: withTenant(`${DEFENDER_PORTAL}/machines/v2/${device}/overview`, settings) });
  for (const { column, shape } of FILE_HASH_COLUMNS) {
    const hash = firstValid([column], shape, input);
    if (hash) {
      links.push({ kind: 'file', title: 'File in Defender', url: withTenant(`${DEFENDER_PORTAL}/file/${hash}`, settings) });
      break;
    }
  }
  const window = validWindow(input.window);
  if (settings.workspaceResourceId) {
    links.push({ kind: 'logAnalytics', title: 'Query in Log Analytics', url: logAnalyticsQueryUrl(input.hunt.query, settings.workspaceResourceId, window, settings.tenantId) });
  }
  links.push({ kind: 'advancedHunting', title: 'Query in advanced hunting', url: advancedHuntingUrl(input.hunt.query, window, settings.tenantId) });
  if (HEX64.test(input.findingId)) {
    const url = tabUrl(input.hunt.id, input.findingId.toLowerCase(), settings);
    if (url) links.push({ kind: 'tab', title: 'Finding in tab', url });
  }
  return links;
}

/**
 * Checks a Table Storage connection string before any client is built, so a malformed one is reported
 * at start-up as what is wrong with it, rather than at the first request as the SDK's "Invalid
 * EndpointSuffix…". It holds an account key or SAS: messages name its parts, never their values.
 */
import { isLoopbackHttp } from '../util/loopback.js';

/** Every part a storage connection string may carry; the SDK reads the table ones and ignores the rest. */
const KNOWN = [
  'UseDevelopmentStorage',
  'DevelopmentStorageProxyUri',
  'DefaultEndpointsProtocol',
  'AccountName',
  'AccountKey',
  'EndpointSuffix',
  'TableEndpoint',
  'SharedAccessSignature',
  'BlobEndpoint',
  'QueueEndpoint',
  'FileEndpoint',
  'TableSecondaryEndpoint',
  'BlobSecondaryEndpoint',
  'QueueSecondaryEndpoint',
  'FileSecondaryEndpoint',
];
const CANONICAL = new Map(KNOWN.map((k) => [k.toLowerCase(), k]));

/** Account names: 3-24 lower-case letters and digits (Azurite's devstoreaccount1 fits). */
const ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

function endpointProblem(value: string, part: string, needsAccountInUrl: boolean): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${part} is not a URL; write e.g. ${part}=https://<account>.table.core.windows.net`;
  }
  if (url.protocol !== 'https:' && !isLoopbackHttp(url)) {
    return url.protocol === 'http:' ? `${part} uses http; only Azurite on this machine (127.0.0.1, localhost) may, anything else needs https` : `${part} must be an http(s) URL`;
  }
  if (url.search || url.hash || url.username || url.password) {
    return `${part} must be a plain URL, without a query (a SAS goes in SharedAccessSignature=), fragment or user name`;
  }
  if (needsAccountInUrl && url.hostname.split('.')[1] !== 'table' && url.pathname.split('/')[1] === '') {
    return `${part} names no account: use https://<account>.table.<suffix>, or for Azurite http://127.0.0.1:10002/<account>`;
  }
  return null;
}

/**
 * What is wrong with a TABLES_CONNECTION_STRING, or null when the SDK will take it. The text says
 * which part is wrong and how, and never repeats a value.
 */
export function connectionStringProblem(raw: string): string | null {
  const text = raw.trim();
  if (/^(["']).*\1$/s.test(text)) return 'is wrapped in quotes; remove them (an .env file or shell quoting may have kept them)';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return 'is a URL, not a connection string; to reach the account with an identity (no key), set TABLES_ACCOUNT_URL to it instead';
  }

  const parts = new Map<string, string>();
  const segments = text.split(';').map((s) => s.trim()).filter(Boolean);
  for (const [i, segment] of segments.entries()) {
    const eq = segment.indexOf('=');
    if (eq <= 0) return `part ${i + 1} of ${segments.length} is not Name=value; separate Name=value parts with ";"`;
    const name = segment.slice(0, eq).trim();
    const canonical = CANONICAL.get(name.toLowerCase());
    // Shown only when it looks like a name: a mangled string may put part of its key here.
    if (!canonical) return `has a part ${/^[A-Za-z]{1,40}$/.test(name) ? `named ${name}` : `(number ${i + 1})`} that a storage connection string does not have; the parts are ${KNOWN.slice(0, 8).join(', ')}`;
    if (parts.has(canonical)) return `gives ${canonical} twice; keep one`;
    parts.set(canonical, segment.slice(eq + 1).trim());
  }
  const get = (name: string) => parts.get(name) ?? '';

  if (parts.has('UseDevelopmentStorage')) {
    if (get('UseDevelopmentStorage').toLowerCase() !== 'true') return 'has UseDevelopmentStorage set to something other than true';
    const others = [...parts.keys()].filter((k) => k !== 'UseDevelopmentStorage');
    if (others.length) return `has UseDevelopmentStorage=true together with ${others.join(', ')}; it stands alone (it means Azurite's default account on 127.0.0.1:10002): drop one or the other`;
    return null;
  }

  if (parts.has('AccountKey')) {
    const protocol = get('DefaultEndpointsProtocol').toLowerCase();
    if (!protocol) return 'has an AccountKey but no DefaultEndpointsProtocol (https, or http for Azurite): the SDK needs both to use the key';
    if (protocol !== 'https' && protocol !== 'http') return 'has a DefaultEndpointsProtocol that is neither https nor http';
    if (!get('AccountName')) return 'has an AccountKey but no AccountName';
    if (!ACCOUNT_NAME.test(get('AccountName'))) return 'has an AccountName that is not a storage account name (3-24 lower-case letters and digits)';
    const key = get('AccountKey');
    if (!key) return 'has an empty AccountKey';
    if (!BASE64.test(key) || key.length % 4 !== 0) return 'has an AccountKey that is not base64 (cut short, or with a character changed); copy the key again';
    if (parts.has('TableEndpoint')) return endpointProblem(get('TableEndpoint'), 'TableEndpoint', false);
    const suffix = get('EndpointSuffix');
    if (!suffix) return 'has neither TableEndpoint nor EndpointSuffix, so it says no table endpoint; add EndpointSuffix=core.windows.net (or TableEndpoint=…)';
    if (!HOST_NAME.test(suffix)) return 'has an EndpointSuffix that is not a domain name; write e.g. EndpointSuffix=core.windows.net (no https://, no path)';
    if (protocol === 'http') return 'uses DefaultEndpointsProtocol=http for a storage account; use https (plain http is for Azurite on this machine only)';
    return null;
  }

  if (parts.has('SharedAccessSignature')) {
    if (!get('SharedAccessSignature')) return 'has an empty SharedAccessSignature';
    if (!parts.has('TableEndpoint')) return 'has a SharedAccessSignature but no TableEndpoint to use it with';
    return endpointProblem(get('TableEndpoint'), 'TableEndpoint', true);
  }

  return 'has neither an AccountKey nor a SharedAccessSignature, so it cannot sign in';
}

export const CONNECTION_STRING_FIX =
  'For Azurite write UseDevelopmentStorage=true (its default port) or the string it prints; for a storage account, ' +
  'DefaultEndpointsProtocol=https;AccountName=<account>;AccountKey=<key>;EndpointSuffix=core.windows.net ' +
  '(portal: the storage account > Access keys > Connection string), or leave it unset and use TABLES_ACCOUNT_URL with a managed identity';

import { toKqlString } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { Piece, Scalar } from '../../compile/types.js';
import type { ScalarFunction } from '../types.js';

// scheme://[user[:password]@]host[:port][/path][?query][#fragment]
const URL_PARTS =
  /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:([^:@/?#]*)(?::([^@/?#]*))?@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s;

/**
 * URL_PARTS up to the host: what follows it there matches any text, so the host this finds is the
 * one URL_PARTS finds, without building the whole bag (parse_url(u).Host on millions of rows).
 */
const URL_HOST = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^:@/?#]*(?::[^@/?#]*)?@)?(\[[^\]]*\]|[^:/?#]*)/;

/**
 * Where the host of the usual telemetry URL, `http(s)://host/...` with no user info, port,
 * brackets, spaces or non-ASCII before the path, ends: at the first / ? or # after the scheme,
 * found without a regex. -1 for anything else, which URL_HOST reads.
 */
function plainHttpHostEnd(url: string, start: number): number {
  if (start === 0) return -1;
  for (let i = start; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35) return i; // / ? #
    if (c === 58 || c === 64 || c === 91 || c <= 32 || c >= 127) return -1; // : @ [ spaces, controls, non-ASCII
  }
  return url.length;
}

function httpSchemeLength(url: string): number {
  return url.startsWith('https://') ? 8 : url.startsWith('http://') ? 7 : 0;
}

/** Where parse_url(url).Host lies: in the URL itself when it is a plain http(s) one, else the host found apart. */
export function urlHostPiece(url: string, at: Piece): void {
  const start = httpSchemeLength(url);
  const end = plainHttpHostEnd(url, start);
  if (end >= 0) {
    at.text = url;
    at.from = start;
    at.to = end;
    return;
  }
  const m = URL_HOST.exec(url.trim());
  at.text = m ? m[1] : '';
  at.from = 0;
  at.to = at.text.length;
}

const found: Piece = { text: '', from: 0, to: 0 };

/** parse_url(url).Host: the same value, computed alone. */
export function urlHost(url: string): string {
  urlHostPiece(url, found);
  return found.text.slice(found.from, found.to);
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

export function queryParameters(query: string | undefined): Record<string, string> {
  const bag: Record<string, string> = {};
  if (!query) return bag;
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    bag[key] = eq < 0 ? '' : decode(pair.slice(eq + 1));
  }
  return bag;
}

/**
 * The bag the KQL reference documents: Scheme, Host, Port (a string, "" when absent), Path,
 * Username, Password, "Query Parameters" (a bag), Fragment. A string that is not an absolute URL
 * gives every part empty.
 */
export function parseUrlValue(url: string): Record<string, unknown> {
  const m = URL_PARTS.exec(url.trim());
  if (!m) {
    return { Scheme: '', Host: '', Port: '', Path: '', Username: '', Password: '', 'Query Parameters': {}, Fragment: '' };
  }
  return {
    Scheme: m[1],
    Host: m[4],
    Port: m[5] ?? '',
    Path: m[6] ?? '',
    Username: m[2] ?? '',
    Password: m[3] ?? '',
    'Query Parameters': queryParameters(m[7]),
    Fragment: m[8] ?? '',
  };
}

function hostOf(url: Scalar): Scalar {
  return {
    ...map1('dynamic', url, (v) => urlHost(toKqlString(v, url.type))),
    bindPiece: (frame) => {
      const read = url.bind(frame);
      return (i, at) => urlHostPiece(toKqlString(read(i), url.type), at);
    },
  };
}

export const parseUrl: ScalarFunction = {
  names: ['parse_url', 'parseurl'],
  compile: ([url]) => ({
    ...map1('dynamic', url, (v) => parseUrlValue(toKqlString(v, url.type))),
    property: (name) => (name === 'Host' ? hostOf(url) : undefined),
  }),
};

/**
 * Checks of notifier settings. Messages name the app setting and the fix, and never repeat a value:
 * webhook URLs carry signatures and the signing secret is a secret.
 */
import { isLoopbackHttp } from '../util/loopback.js';

export class NotifierConfigError extends Error {
  constructor(
    /** The app setting at fault, e.g. WEBHOOK_SECRET. */
    readonly setting: string,
    message: string,
  ) {
    super(message);
    this.name = 'NotifierConfigError';
  }
}

/** An https URL, or http on loopback (local runs and tests). */
export function checkEndpointUrl(setting: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new NotifierConfigError(setting, `${setting} is not a valid URL; set it to the full https:// address of the endpoint.`);
  }
  if (url.protocol === 'https:') return url;
  if (isLoopbackHttp(url)) return url;
  throw new NotifierConfigError(
    setting,
    `${setting} must be an https:// URL (plain http is allowed only for 127.0.0.1 or localhost); ` +
      `got a ${url.protocol.replace(/:$/, '')} URL for another host.`,
  );
}

/** Standard Webhooks recommends 24 to 64 random bytes; fewer than 16 is refused as guessable. */
const MIN_SECRET_BYTES = 16;

/** A Standard Webhooks signing secret: base64, optionally prefixed `whsec_`. */
export function checkSigningSecret(setting: string, value: string): string {
  const base64 = value.startsWith('whsec_') ? value.slice('whsec_'.length) : value;
  const fix = `set it to "whsec_" followed by the base64 of at least ${MIN_SECRET_BYTES} random bytes (e.g. "whsec_$(openssl rand -base64 32)")`;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0) {
    throw new NotifierConfigError(setting, `${setting} is not base64; ${fix}.`);
  }
  if (Buffer.from(base64, 'base64').length < MIN_SECRET_BYTES) {
    throw new NotifierConfigError(setting, `${setting} is shorter than ${MIN_SECRET_BYTES} bytes; ${fix}.`);
  }
  return value;
}

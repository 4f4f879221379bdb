/**
 * Who is calling the API: an Entra ID access token for the app, checked with jose (signature against
 * the tenant's published keys, RS256 only, issuer, audience, expiry). Triage also needs the app role
 * Hunts.Triage in the token's `roles`.
 *
 * There is no setting that turns the check off: without API_TENANT_ID and API_CLIENT_ID every call is
 * refused (503). The test overrides API_ISSUER and API_JWKS_URL are taken only as loopback http URLs, so
 * in Azure they can name nothing but a server on the Function's own machine, and a wrong value is an
 * error, not a fallback.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { isLoopbackHttp } from '../util/loopback.js';
import { SettingsError } from '../util/settingsError.js';

export const API_TENANT_ID = 'API_TENANT_ID';
export const API_CLIENT_ID = 'API_CLIENT_ID';
export const API_AUDIENCE = 'API_AUDIENCE';
export const API_ISSUER = 'API_ISSUER';
export const API_JWKS_URL = 'API_JWKS_URL';

export const TRIAGE_ROLE = 'Hunts.Triage';

/** Clocks differ a little between Entra ID and the app; more would stretch an expired token's life. */
const CLOCK_TOLERANCE_S = 60;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AuthConfig {
  issuers: string[];
  audiences: string[];
  jwksUrl: URL;
}

export interface Principal {
  /** preferred_username, else upn, else oid: who a triage is recorded under. */
  name: string;
  roles: string[];
}

/** A refused request: 401 (no or bad token) or 503 (the API cannot check tokens). */
export class AuthError extends Error {
  constructor(
    readonly status: 401 | 503,
    message: string,
    /** RFC 6750 error code for the WWW-Authenticate header; absent when no token was sent. */
    readonly bearerError?: 'invalid_token',
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

function guidSetting(env: NodeJS.ProcessEnv, name: string, what: string): string {
  const value = env[name]?.trim();
  if (!value) throw new SettingsError(name, `is not set: set it to ${what}; until then every API call is refused`);
  if (!GUID.test(value)) throw new SettingsError(name, `is not a GUID; set it to ${what}`);
  return value.toLowerCase();
}

/** The setting as written (an issuer is compared as text), once it is known to be a loopback URL. */
function loopbackOverride(env: NodeJS.ProcessEnv, name: string): string | null {
  const value = env[name]?.trim();
  if (!value) return null;
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (!url || !isLoopbackHttp(url)) {
    throw new SettingsError(name, 'is for tests and local runs only and must be a loopback http URL (http://127.0.0.1:…); remove it: the API checks tokens against Entra ID for API_TENANT_ID');
  }
  return value;
}

/** The token check's settings; throws SettingsError naming a missing or wrong one (values never echoed). */
export function authConfigFromEnv(env: NodeJS.ProcessEnv): AuthConfig {
  const tenant = guidSetting(env, API_TENANT_ID, "the Entra tenant's ID (a GUID)");
  const clientId = guidSetting(env, API_CLIENT_ID, "the app registration's Application (client) ID (a GUID)");
  const extra = (env[API_AUDIENCE] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const issuer = loopbackOverride(env, API_ISSUER);
  const jwks = loopbackOverride(env, API_JWKS_URL);
  return {
    // v2.0 tokens, and v1.0 ones (an app registration whose accessTokenAcceptedVersion is unset).
    issuers: issuer ? [issuer] : [`https://login.microsoftonline.com/${tenant}/v2.0`, `https://sts.windows.net/${tenant}/`],
    audiences: [...new Set([clientId, `api://${clientId}`, ...extra])],
    jwksUrl: new URL(jwks ?? `https://login.microsoftonline.com/${tenant}/discovery/v2.0/keys`),
  };
}

function bearerToken(authorization: string | null): string {
  if (!authorization) throw new AuthError(401, 'sign in: this API needs an Entra ID access token (Authorization: Bearer <token>)');
  const match = /^Bearer[ ]+([A-Za-z0-9\-_.~+/]+=*)$/i.exec(authorization.trim());
  if (!match) throw new AuthError(401, 'the Authorization header is not "Bearer <token>"', 'invalid_token');
  return match[1]!;
}

/** Our own words for jose's refusals: its messages may quote claim values, which the caller wrote. */
function refusal(error: unknown): AuthError {
  const invalid = (message: string) => new AuthError(401, message, 'invalid_token');
  if (error instanceof errors.JWTExpired) return invalid('the token has expired; sign in again');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return invalid('the token is for another application (audience); request one for this API');
    if (error.claim === 'iss') return invalid("the token was not issued by this API's Entra tenant");
    if (error.claim === 'nbf') return invalid('the token is not valid yet');
    if (error.claim === 'exp') return invalid('the token has no expiry (exp); Entra ID tokens always have one');
    return invalid("the token's claims are not valid");
  }
  // Fetching the keys failed (timeout, no answer, not 200, not JSON): the token is not to blame.
  const keysUnavailable = error instanceof errors.JWKSTimeout || error instanceof TypeError || (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC');
  if (keysUnavailable) {
    return new AuthError(503, "the tenant's signing keys could not be fetched; try again shortly");
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWSSignatureVerificationFailed) {
    return invalid("the token's signature does not verify against the tenant's keys");
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return invalid('the token is not signed with RS256');
  if (error instanceof errors.JOSEError) return invalid('the token is not a valid signed JWT');
  return new AuthError(503, 'the token could not be checked; try again shortly');
}

function stringClaim(payload: JWTPayload, name: string): string | undefined {
  const value = payload[name];
  return typeof value === 'string' && value ? value : undefined;
}

export class TokenVerifier {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly config: AuthConfig) {
    // One key set per process: jose caches the keys and refetches on an unknown key id (key rollover).
    this.keys = createRemoteJWKSet(config.jwksUrl);
  }

  /** The caller, from the request's Authorization header; throws AuthError. */
  async verify(authorization: string | null): Promise<Principal> {
    const token = bearerToken(authorization);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.config.issuers,
        audience: this.config.audiences,
        algorithms: ['RS256'],
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw refusal(error);
    }
    const name = stringClaim(payload, 'preferred_username') ?? stringClaim(payload, 'upn') ?? stringClaim(payload, 'oid') ?? stringClaim(payload, 'sub');
    if (!name) throw new AuthError(401, 'the token names no user (preferred_username, upn or oid)', 'invalid_token');
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
    return { name, roles };
  }
}

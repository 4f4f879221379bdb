/**
 * A token issuer on loopback for `hunts serve` and the tests: an RSA key made at start, its public half
 * served as a JWKS on 127.0.0.1 where Entra ID would serve the tenant's keys, and tokens shaped like
 * Entra ID's v2.0 access tokens. The API trusts it only through API_ISSUER and API_JWKS_URL, which
 * auth.ts accepts as loopback URLs alone, so it can never stand in for Entra ID in Azure.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { API_CLIENT_ID, API_ISSUER, API_JWKS_URL, API_TENANT_ID } from './auth.js';

export interface DevTokenOptions {
  /** Seconds from now; negative for a token that has already expired, null for none (tests). Default 3600. */
  expiresIn?: number | null;
  /** Default: this issuer. */
  issuer?: string;
  /** Default: the client id. */
  audience?: string;
}

export interface DevIssuer {
  tenantId: string;
  clientId: string;
  issuer: string;
  jwksUrl: string;
  /** The API settings that make it trust this issuer. */
  env: Record<typeof API_TENANT_ID | typeof API_CLIENT_ID | typeof API_ISSUER | typeof API_JWKS_URL, string>;
  /** A signed RS256 access token with these claims (roles, preferred_username, oid, …). */
  sign(claims: JWTPayload, options?: DevTokenOptions): Promise<string>;
  stop(): Promise<void>;
}

export async function startDevIssuer(ids: { tenantId?: string; clientId?: string } = {}): Promise<DevIssuer> {
  const tenantId = ids.tenantId ?? randomUUID();
  const clientId = ids.clientId ?? randomUUID();
  const kid = randomUUID();
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' }] });
  const keysPath = `/${tenantId}/discovery/v2.0/keys`;

  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === keysPath) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(jwks);
    } else {
      res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"not found"}');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${origin}/${tenantId}/v2.0`;
  const jwksUrl = `${origin}${keysPath}`;

  return {
    tenantId,
    clientId,
    issuer,
    jwksUrl,
    env: { API_TENANT_ID: tenantId, API_CLIENT_ID: clientId, API_ISSUER: issuer, API_JWKS_URL: jwksUrl },
    sign: (claims, options = {}) => {
      const now = Math.floor(Date.now() / 1000);
      const jwt = new SignJWT({ tid: tenantId, ver: '2.0', ...claims })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
        .setIssuer(options.issuer ?? issuer)
        .setAudience(options.audience ?? clientId)
        .setIssuedAt(now - 60)
        .setNotBefore(now - 60);
      if (options.expiresIn !== null) jwt.setExpirationTime(now + (options.expiresIn ?? 3600));
      return jwt.sign(privateKey);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

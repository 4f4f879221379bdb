import { FAKE_TOKEN } from './fakeLogAnalytics.js';
import { reply, startReceiver, type TestReceiver } from './notify/server.js';

/**
 * App Service's local token endpoint (IDENTITY_ENDPOINT) on 127.0.0.1: answers only with the secret
 * header, as the real one does, with FAKE_TOKEN for whatever resource and client id are asked for.
 */
export function startFakeManagedIdentity(identityHeader: string): Promise<TestReceiver> {
  return startReceiver((req, _i, res) => {
    if (req.headers['x-identity-header'] !== identityHeader) return reply(res, 401, { 'content-type': 'application/json' }, '{"error":"unauthorized"}');
    const url = new URL(req.url, 'http://127.0.0.1');
    reply(res, 200, { 'content-type': 'application/json' }, JSON.stringify({
      access_token: FAKE_TOKEN,
      expires_on: String(Math.floor(Date.now() / 1000) + 3600),
      resource: url.searchParams.get('resource'),
      token_type: 'Bearer',
      client_id: url.searchParams.get('client_id'),
    }));
  }, '/msi/token');
}

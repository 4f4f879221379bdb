import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { notifiersFromEnv, NotifierSettingsError } from '../../../src/notify/fromSettings.js';
import type { TeamsMessage } from '../../../src/notify/teamsCard.js';
import { pivotNotices } from '../../support/notify/sampleCards.js';

const SECRET = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;

function problemsOf(env: Record<string, string>): NotifierSettingsError {
  try {
    notifiersFromEnv(env);
  } catch (error) {
    assert.ok(error instanceof NotifierSettingsError, String(error));
    return error;
  }
  assert.fail('expected a NotifierSettingsError');
}

describe('notifiersFromEnv', () => {
  it('gives unconfigured notifiers when nothing is set (blank counts as unset)', () => {
    const notifiers = notifiersFromEnv({ TEAMS_WEBHOOK_URL: '  ', WEBHOOK_URL: '' });
    assert.deepEqual(notifiers.map((n) => [n.channel, n.configured]), [['teams', false], ['webhook', false]]);
  });

  it('configures both from https URLs and a secret', () => {
    const notifiers = notifiersFromEnv({
      TEAMS_WEBHOOK_URL: 'https://prod-00.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=s',
      WEBHOOK_URL: 'https://tickets.example.org/hooks/hunts',
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_SOURCE: 'https://hunts.example.org',
    });
    assert.deepEqual(notifiers.map((n) => [n.channel, n.configured]), [['teams', true], ['webhook', true]]);
  });

  it("gives the Teams card the link settings, and lists a bad one with the others", () => {
    const workspace = '/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law';
    const [teams] = notifiersFromEnv({ LOG_ANALYTICS_WORKSPACE_RESOURCE_ID: workspace, FINDINGS_PAGE_URL: 'https://hunts.example/api/tab/' });
    const { hunt, notices } = pivotNotices();
    const card = (teams.preview(hunt, notices)[0].body as TeamsMessage).attachments[0].content;
    assert.deepEqual(card.actions?.map((a) => a.title), ['Query in Log Analytics', 'Query in advanced hunting']);
    assert.ok(JSON.stringify(card.body).includes('https://hunts.example/api/tab/#hunt='));

    const error = problemsOf({ TEAMS_WEBHOOK_URL: 'not a url', TEAMS_APP_ID: 'teams-app', ENTRA_TENANT_ID: 'nope nope' });
    assert.deepEqual(error.problems.map((p) => p.setting).sort(), ['ENTRA_TENANT_ID', 'TEAMS_APP_ID', 'TEAMS_WEBHOOK_URL']);
    assert.match(error.message, /TEAMS_APP_ID: is not a GUID/);
  });

  it('allows plain http only on loopback', () => {
    for (const host of ['127.0.0.1:8080', 'localhost:3000', '[::1]:9']) {
      const notifiers = notifiersFromEnv({ TEAMS_WEBHOOK_URL: `http://${host}/t`, WEBHOOK_URL: `http://${host}/w`, WEBHOOK_SECRET: SECRET });
      assert.ok(notifiers.every((n) => n.configured), host);
    }
    const error = problemsOf({ TEAMS_WEBHOOK_URL: 'http://teams.example.org/t?sig=abc' });
    assert.equal(error.problems[0].setting, 'TEAMS_WEBHOOK_URL');
    assert.match(error.message, /TEAMS_WEBHOOK_URL must be an https:\/\/ URL/);
    assert.ok(!error.message.includes('teams.example.org') && !error.message.includes('sig='));
  });

  it('names a URL that does not parse', () => {
    const error = problemsOf({ WEBHOOK_URL: 'not a url', WEBHOOK_SECRET: SECRET });
    assert.deepEqual(error.problems.map((p) => p.setting), ['WEBHOOK_URL']);
    assert.ok(!error.message.includes('not a url'));
  });

  it('refuses WEBHOOK_URL without WEBHOOK_SECRET, saying how to fix it', () => {
    const error = problemsOf({ WEBHOOK_URL: 'https://tickets.example.org/h' });
    assert.equal(error.problems[0].setting, 'WEBHOOK_SECRET');
    assert.match(error.message, /Set WEBHOOK_SECRET/);
  });

  it('refuses a short or malformed secret without echoing it', () => {
    for (const secret of ['whsec_c2hvcnQ=', 'whsec_%%%%']) {
      const error = problemsOf({ WEBHOOK_URL: 'https://tickets.example.org/h', WEBHOOK_SECRET: secret });
      assert.equal(error.problems[0].setting, 'WEBHOOK_SECRET');
      assert.ok(!error.message.includes(secret.slice(6)), error.message);
    }
  });

  it('refuses a source that is not a URI', () => {
    const error = problemsOf({ WEBHOOK_SOURCE: 'has spaces in it' });
    assert.equal(error.problems[0].setting, 'WEBHOOK_SOURCE');
  });

  it('reports every bad setting at once', () => {
    const error = problemsOf({ TEAMS_WEBHOOK_URL: 'ftp://x.example/', WEBHOOK_URL: 'http://tickets.example.org/' });
    assert.deepEqual(error.problems.map((p) => p.setting).sort(), ['TEAMS_WEBHOOK_URL', 'WEBHOOK_SECRET', 'WEBHOOK_URL']);
  });

  it('says plainly when a Key Vault reference did not resolve, and how to fix it', () => {
    const error = problemsOf({
      TEAMS_WEBHOOK_URL: 'https://teams.example.org/workflows/x',
      WEBHOOK_URL: '@Microsoft.KeyVault(VaultName=hunts-kv-abc123;SecretName=webhook-url)',
      WEBHOOK_SECRET: '@Microsoft.KeyVault(SecretUri=https://hunts-kv-abc123.vault.azure.net/secrets/webhook-signing-secret/)',
    });
    // Only the unresolved ones: their literal text is not a bad URL or a bad secret, it is a missing secret.
    assert.deepEqual(error.problems.map((p) => p.setting), ['WEBHOOK_URL', 'WEBHOOK_SECRET']);
    assert.match(error.problems[0].message, /Key Vault reference that App Service could not resolve/);
    assert.match(error.problems[0].message, /az keyvault secret set --vault-name hunts-kv-abc123 --name webhook-url --value/);
    assert.match(error.problems[0].message, /Key Vault Secrets User/);
    assert.match(error.problems[1].message, /Store the secret it names/);
  });
});

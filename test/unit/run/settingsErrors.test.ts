/**
 * Malformed app settings, each refused when the settings are read (before any run), with an error
 * that names the setting, says what is wrong and the fix, and never repeats a secret.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TokenCredential } from '@azure/core-auth';
import { checkRunSettings, tableSettingsFromEnv } from '../../../src/run/settings.js';
import { createTableServiceConfig, MAX_TABLE_PREFIX_LENGTH, tableNames } from '../../../src/store/tableClients.js';
import { SettingsError } from '../../../src/util/settingsError.js';

const credential: TokenCredential = { getToken: async () => ({ token: 'unused', expiresOnTimestamp: Date.now() + 60_000 }) };
const withCredential = () => credential;

// A made-up key and SAS whose text must never appear in a message.
const KEY = 'c2VjcmV0LWtleS10aGF0LW11c3QtbmV2ZXItYmUtcHJpbnRlZC0xMjM0NTY3OA==';
const SIG = 'sv=2024-11-04&ss=t&srt=sco&sp=rwdlacu&se=2030-01-01&sig=TopSecretSignatureValue%3D';
const AZURITE = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${KEY};TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;`;
const ACCOUNT = `DefaultEndpointsProtocol=https;AccountName=huntsst1234;AccountKey=${KEY};EndpointSuffix=core.windows.net`;
const SECRETS = [KEY, KEY.slice(0, 20), 'TopSecretSignatureValue', 'sig='];

function refusal(env: NodeJS.ProcessEnv): SettingsError {
  try {
    tableSettingsFromEnv(env, withCredential);
  } catch (err) {
    assert.ok(err instanceof SettingsError, `a SettingsError, not ${String(err)}`);
    for (const secret of SECRETS) assert.ok(!err.message.includes(secret), `the message repeats a secret: ${err.message}`);
    return err;
  }
  assert.fail(`accepted ${JSON.stringify(env)}`);
}

describe('TABLES_CONNECTION_STRING', () => {
  const good: [string, string][] = [
    ["Azurite's shorthand", 'UseDevelopmentStorage=true'],
    ['the string Azurite prints, with a trailing ";"', AZURITE],
    ['a storage account with its key', ACCOUNT],
    ['a storage account with every endpoint the portal lists', `${ACCOUNT};BlobEndpoint=https://huntsst1234.blob.core.windows.net/;TableEndpoint=https://huntsst1234.table.core.windows.net/`],
    ['any case, spaces around parts', ` defaultendpointsprotocol=https; accountname=huntsst1234 ;ACCOUNTKEY=${KEY};endpointsuffix=core.windows.net `],
    ['a SAS', `TableEndpoint=https://huntsst1234.table.core.windows.net/;SharedAccessSignature=${SIG}`],
    ['a SAS for Azurite, account in the path', `TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;SharedAccessSignature=${SIG}`],
  ];
  for (const [what, value] of good) {
    it(`takes ${what}, and so does the SDK`, () => {
      const settings = tableSettingsFromEnv({ TABLES_CONNECTION_STRING: value }, withCredential);
      assert.ok('connectionString' in settings);
      assert.doesNotThrow(() => createTableServiceConfig(settings));
    });
  }

  const bad: [string, string, RegExp][] = [
    ['wrapped in quotes', `"${ACCOUNT}"`, /is wrapped in quotes; remove them/],
    ['an account URL', 'https://huntsst1234.table.core.windows.net', /is a URL, not a connection string; .*set TABLES_ACCOUNT_URL/],
    ['the SDK\'s "Invalid EndpointSuffix" case: no suffix, no endpoint', `DefaultEndpointsProtocol=https;AccountName=huntsst1234;AccountKey=${KEY}`, /has neither TableEndpoint nor EndpointSuffix.*EndpointSuffix=core\.windows\.net/],
    ['a suffix written as a URL', `${ACCOUNT.replace('core.windows.net', 'https://core.windows.net/')}`, /EndpointSuffix that is not a domain name/],
    ['no protocol beside the key', `AccountName=huntsst1234;AccountKey=${KEY};TableEndpoint=https://huntsst1234.table.core.windows.net`, /AccountKey but no DefaultEndpointsProtocol/],
    ['protocol ftp', ACCOUNT.replace('=https;', '=ftp;'), /DefaultEndpointsProtocol that is neither https nor http/],
    ['plain http to a storage account', ACCOUNT.replace('=https;', '=http;'), /use https/],
    ['no account name', ACCOUNT.replace('AccountName=huntsst1234;', ''), /AccountKey but no AccountName/],
    ['an account name with capitals', ACCOUNT.replace('huntsst1234', 'HuntsSt'), /AccountName that is not a storage account name/],
    ['an empty key', ACCOUNT.replace(KEY, ''), /empty AccountKey/],
    ['a key cut short', ACCOUNT.replace(KEY, KEY.slice(0, 41)), /AccountKey that is not base64.*copy the key again/],
    ['a key with a character changed', ACCOUNT.replace(KEY, `${KEY.slice(0, 10)}!${KEY.slice(11)}`), /AccountKey that is not base64/],
    ['a misspelt part', ACCOUNT.replace('AccountName', 'AcountName'), /a part named AcountName that a storage connection string does not have/],
    ['a part that is not Name=value', `${ACCOUNT};${KEY.replace(/=/g, '')}`, /part 5 of 5 is not Name=value/],
    ['a part given twice', `${ACCOUNT};AccountName=other`, /gives AccountName twice/],
    ['an endpoint that is not a URL', `${ACCOUNT};TableEndpoint=huntsst1234.table.core.windows.net`, /TableEndpoint is not a URL/],
    ['an http endpoint off this machine', AZURITE.replace('127.0.0.1', '10.0.0.5'), /TableEndpoint uses http; only Azurite on this machine/],
    ['a SAS inside the endpoint', `${ACCOUNT};TableEndpoint=https://huntsst1234.table.core.windows.net/?${SIG}`, /TableEndpoint must be a plain URL, without a query \(a SAS goes in SharedAccessSignature=\)/],
    ['a SAS without an endpoint', `SharedAccessSignature=${SIG}`, /SharedAccessSignature but no TableEndpoint/],
    ['a SAS endpoint naming no account', `TableEndpoint=http://127.0.0.1:10002/;SharedAccessSignature=${SIG}`, /TableEndpoint names no account/],
    ['no key, no SAS', 'DefaultEndpointsProtocol=https;AccountName=huntsst1234;EndpointSuffix=core.windows.net', /neither an AccountKey nor a SharedAccessSignature/],
    ['UseDevelopmentStorage=false', 'UseDevelopmentStorage=false', /UseDevelopmentStorage set to something other than true/],
    ['UseDevelopmentStorage with an account', `UseDevelopmentStorage=true;${ACCOUNT}`, /UseDevelopmentStorage=true together with DefaultEndpointsProtocol, AccountName, AccountKey, EndpointSuffix; it stands alone/],
  ];
  for (const [what, value, message] of bad) {
    it(`refuses ${what}: names the setting, what is wrong and the fix, never the key`, () => {
      const err = refusal({ TABLES_CONNECTION_STRING: value });
      assert.equal(err.setting, 'TABLES_CONNECTION_STRING');
      assert.match(err.message, /^TABLES_CONNECTION_STRING: /);
      assert.match(err.message, message);
      assert.match(err.message, /UseDevelopmentStorage=true .*DefaultEndpointsProtocol=https;AccountName=<account>;AccountKey=<key>;EndpointSuffix=core\.windows\.net/);
    });
  }
});

describe('TABLES_ACCOUNT_URL', () => {
  const bad: [string, string, RegExp][] = [
    ['text that is not a URL', 'huntsst1234', /is not a URL; set it to https:\/\/<account>\.table\.core\.windows\.net/],
    ['http', 'http://huntsst1234.table.core.windows.net', /must be an https account URL/],
    ['a SAS URL', `https://huntsst1234.table.core.windows.net/?${SIG}`, /without a query \(a SAS\).*no key or SAS is needed/],
    ['a table in the path', 'https://huntsst1234.table.core.windows.net/findings', /with no path/],
    ['the blob endpoint', 'https://huntsst1234.blob.core.windows.net', /another service's endpoint of the account; use its table endpoint/],
  ];
  for (const [what, value, message] of bad) {
    it(`refuses ${what}`, () => {
      const err = refusal({ TABLES_ACCOUNT_URL: value });
      assert.equal(err.setting, 'TABLES_ACCOUNT_URL');
      assert.match(err.message, message);
    });
  }

  it('refuses a Functions host account setting that is not an account name', () => {
    const err = refusal({ AzureWebJobsStorage__accountName: 'https://huntsst1234.blob.core.windows.net' });
    assert.match(err.message, /^AzureWebJobsStorage__accountName: is not a storage account name/);
  });
});

describe('TABLES_PREFIX', () => {
  it('leaves room for the longest table name', () => {
    const longest = 'p'.repeat(MAX_TABLE_PREFIX_LENGTH);
    assert.ok(Object.values(tableNames(longest)).every((n) => n.length <= 63));
    assert.equal(Math.max(...Object.values(tableNames(longest)).map((n) => n.length)), 63);
  });

  const bad: [string, string, RegExp][] = [
    ['a dash', 'prod-eu', /holds "-" at position 5; table names take only letters and digits/],
    ['an underscore', 'prod_eu', /holds "_" at position 5/],
    ['a leading digit', '1prod', /starts with a digit/],
    ['one character too long', 'p'.repeat(MAX_TABLE_PREFIX_LENGTH + 1), new RegExp(`is ${MAX_TABLE_PREFIX_LENGTH + 1} characters long; at most ${MAX_TABLE_PREFIX_LENGTH}`)],
  ];
  for (const [what, value, message] of bad) {
    it(`refuses ${what}, with a connection string or an account URL`, () => {
      for (const where of [{ TABLES_CONNECTION_STRING: 'UseDevelopmentStorage=true' }, { TABLES_ACCOUNT_URL: 'https://huntsst1234.table.core.windows.net' }]) {
        const err = refusal({ ...where, TABLES_PREFIX: value });
        assert.equal(err.setting, 'TABLES_PREFIX');
        assert.match(err.message, message);
        assert.match(err.message, /e\.g\. prod or hunts2/);
      }
    });
  }
});

describe('checkRunSettings, at start-up', () => {
  it('reports every bad setting at once, each named, before any run', () => {
    const problems = checkRunSettings({
      TABLES_CONNECTION_STRING: `DefaultEndpointsProtocol=https;AccountName=huntsst1234;AccountKey=${KEY}`,
      TABLES_PREFIX: 'prod-eu',
      LOG_ANALYTICS_WORKSPACE_ID: 'sentinel-ws',
      AZURE_CLIENT_ID: 'hunts-identity',
    });
    assert.deepEqual(problems.map((p) => p.setting), ['TABLES_CONNECTION_STRING', 'TABLES_PREFIX', 'LOG_ANALYTICS_WORKSPACE_ID', 'AZURE_CLIENT_ID']);
    assert.match(problems[3].message, /^AZURE_CLIENT_ID: is not a GUID; set it to the managed identity's client ID/);
    for (const p of problems) for (const secret of SECRETS) assert.ok(!p.message.includes(secret), p.message);
  });

  it('finds nothing wrong with what the Bicep sets', () => {
    assert.deepEqual(
      checkRunSettings({
        AzureWebJobsStorage__accountName: 'huntsst1234',
        TABLES_ACCOUNT_URL: 'https://huntsst1234.table.core.windows.net/',
        LOG_ANALYTICS_WORKSPACE_ID: '00000000-1111-2222-3333-444444444444',
        AZURE_CLIENT_ID: '0b1f6471-1bf0-4dda-aec3-cb9272f09590',
      }),
      [],
    );
  });

  it('never repeats a Log Analytics endpoint that carries credentials', () => {
    const [problem] = checkRunSettings({
      TABLES_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      LOG_ANALYTICS_WORKSPACE_ID: '00000000-1111-2222-3333-444444444444',
      LOG_ANALYTICS_ENDPOINT: 'https://user:TopSecretSignatureValue@api.loganalytics.us/?sig=TopSecretSignatureValue',
    });
    assert.equal(problem.setting, 'LOG_ANALYTICS_ENDPOINT');
    assert.match(problem.message, /must be a plain https URL, without query, fragment or user name/);
    assert.ok(!problem.message.includes('TopSecret'));
  });
});

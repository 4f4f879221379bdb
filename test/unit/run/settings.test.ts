import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TokenCredential } from '@azure/core-auth';
import { tableSettingsFromEnv } from '../../../src/run/settings.js';
import { SettingsError } from '../../../src/util/settingsError.js';

const credential: TokenCredential = { getToken: async () => ({ token: 'unused', expiresOnTimestamp: Date.now() + 60_000 }) };
const withCredential = () => credential;

describe('tableSettingsFromEnv', () => {
  it('takes the account URL Bicep sets (the account\'s table endpoint, with its trailing slash) and the identity', () => {
    const settings = tableSettingsFromEnv({ TABLES_ACCOUNT_URL: 'https://huntsst1234.table.core.windows.net/', AzureWebJobsStorage__accountName: 'other' }, withCredential);
    assert.ok('accountUrl' in settings);
    assert.equal(settings.accountUrl, 'https://huntsst1234.table.core.windows.net/');
    assert.equal(settings.credential, credential);
  });

  it('falls back to the Functions host storage account', () => {
    const settings = tableSettingsFromEnv({ AzureWebJobsStorage__accountName: 'huntsst1234', TABLES_PREFIX: 'prod' }, withCredential);
    assert.deepEqual('accountUrl' in settings && [settings.accountUrl, settings.tablePrefix], ['https://huntsst1234.table.core.windows.net', 'prod']);
  });

  it('prefers a connection string (Azurite)', () => {
    const settings = tableSettingsFromEnv({ TABLES_CONNECTION_STRING: 'UseDevelopmentStorage=true', TABLES_ACCOUNT_URL: 'https://x.table.core.windows.net' }, withCredential);
    assert.deepEqual(settings, { connectionString: 'UseDevelopmentStorage=true', tablePrefix: undefined });
  });

  it('names the setting and the fix when nothing says where the tables are, or the URL is not https', () => {
    assert.throws(() => tableSettingsFromEnv({}, withCredential), (e: unknown) => e instanceof SettingsError && e.setting === 'TABLES_ACCOUNT_URL' && /Storage Table Data Contributor/.test(e.message));
    assert.throws(() => tableSettingsFromEnv({ TABLES_ACCOUNT_URL: 'http://x.table.core.windows.net' }, withCredential), /must be an https account URL/);
    assert.throws(() => tableSettingsFromEnv({ TABLES_ACCOUNT_URL: 'https://x.table.core.windows.net/findings' }, withCredential), /with no path/);
  });
});

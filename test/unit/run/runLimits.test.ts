import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cliRunLimits, functionRunLimits, maxAttemptsFromEnv, parseFunctionTimeout } from '../../../src/run/runLimits.js';
import { DEFAULT_MAX_ATTEMPTS } from '../../../src/store/findingStore.js';
import { SettingsError } from '../../../src/util/settingsError.js';

const MIN = 60_000;

describe('parseFunctionTimeout', () => {
  it('reads TimeSpan text as host.json writes it, and -1 as none', () => {
    assert.equal(parseFunctionTimeout('00:10:00', 'x'), 10 * MIN);
    assert.equal(parseFunctionTimeout('01:30:15', 'x'), (90 * 60 + 15) * 1000);
    assert.equal(parseFunctionTimeout('1.00:00:00', 'x'), 24 * 60 * MIN);
    assert.equal(parseFunctionTimeout('-1', 'x'), null);
  });

  it('names where a bad value came from and the format', () => {
    for (const bad of ['10m', '00:61:00', '', '00:00:00', 'PT10M']) {
      assert.throws(() => parseFunctionTimeout(bad, 'AzureFunctionsJobHost__functionTimeout'), (e: unknown) => e instanceof SettingsError && /^AzureFunctionsJobHost__functionTimeout: .*hh:mm:ss/.test(e.message), bad);
    }
  });
});

describe('functionRunLimits', () => {
  it("takes host.json's timeout less 15 % (at most 2 minutes); the lease outlives the timeout", () => {
    const limits = functionRunLimits({}, '00:10:00');
    assert.deepEqual(limits, { timeoutMs: 10 * MIN, marginMs: 1.5 * MIN, budgetMs: 8.5 * MIN, leaseTtlMs: 15 * MIN, maxAttempts: DEFAULT_MAX_ATTEMPTS });
    assert.equal(functionRunLimits({}, '01:00:00').marginMs, 2 * MIN);
  });

  it('lets the app setting override host.json, and the margin be set', () => {
    const limits = functionRunLimits({ AzureFunctionsJobHost__functionTimeout: '00:30:00', RUN_DEADLINE_MARGIN_SECONDS: '60', DELIVERY_MAX_ATTEMPTS: '3' }, '00:10:00');
    assert.deepEqual(limits, { timeoutMs: 30 * MIN, marginMs: MIN, budgetMs: 29 * MIN, leaseTtlMs: 35 * MIN, maxAttempts: 3 });
  });

  it('holds an unbounded timeout to 30 minutes, and a missing host.json to the default 10', () => {
    assert.equal(functionRunLimits({}, '-1').timeoutMs, 30 * MIN);
    assert.equal(functionRunLimits({}, undefined).timeoutMs, 10 * MIN);
  });

  it('refuses a margin as long as the timeout, naming the setting', () => {
    assert.throws(() => functionRunLimits({ RUN_DEADLINE_MARGIN_SECONDS: '600' }, '00:10:00'), /^SettingsError|RUN_DEADLINE_MARGIN_SECONDS: must be a whole number of seconds below the function timeout \(600 s\)/);
    assert.throws(() => functionRunLimits({ RUN_DEADLINE_MARGIN_SECONDS: 'soon' }, '00:10:00'), /RUN_DEADLINE_MARGIN_SECONDS/);
  });

  it('gives the CLI the limits of a Function with the default timeout, whatever the Functions setting says', () => {
    assert.equal(cliRunLimits({ AzureFunctionsJobHost__functionTimeout: '02:00:00' }).budgetMs, 8.5 * MIN);
  });
});

describe('maxAttemptsFromEnv', () => {
  it('defaults, reads whole numbers, and refuses anything else without echoing it', () => {
    assert.equal(maxAttemptsFromEnv({}), DEFAULT_MAX_ATTEMPTS);
    assert.equal(maxAttemptsFromEnv({ DELIVERY_MAX_ATTEMPTS: ' 25 ' }), 25);
    for (const bad of ['0', '-1', '2.5', 'ten', '1001']) {
      assert.throws(() => maxAttemptsFromEnv({ DELIVERY_MAX_ATTEMPTS: bad }), (e: unknown) => e instanceof SettingsError && e.setting === 'DELIVERY_MAX_ATTEMPTS' && !e.message.includes(`"${bad}"`), bad);
    }
  });
});

/**
 * The pieces of a deployment that must agree with each other: azure.yaml, the Bicep site's azd tag, the
 * build's output folder, and the function timeout against the query timeout.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { PACKAGE_DIR } from '../../scripts/build-functionapp.js';
import { DEFAULT_SERVER_TIMEOUT_SECONDS } from '../../src/sources/logAnalytics.js';
import { ROOT } from '../support/seeds.js';

describe('deployment wiring', () => {
  const azureYaml = parse(readFileSync(join(ROOT, 'azure.yaml'), 'utf8'));

  it('azure.yaml deploys what npm run build makes, to the site Bicep tags for it', () => {
    const services = Object.entries(azureYaml.services as Record<string, Record<string, unknown>>);
    assert.equal(services.length, 1);
    const [name, service] = services[0];
    assert.equal(service.host, 'function');
    assert.equal(service.dist, PACKAGE_DIR);
    assert.equal(service.remoteBuild, false, 'the bundle is self-contained: nothing to build on the server');
    const site = readFileSync(join(ROOT, 'infra/modules/functionApp.bicep'), 'utf8');
    assert.match(site, new RegExp(`'azd-service-name': '${name}'`), 'azd finds the app by this tag');
    assert.equal(azureYaml.infra.provider, 'bicep');
    assert.ok(existsSync(join(ROOT, azureYaml.infra.path, `${azureYaml.infra.module}.bicep`)));
    assert.ok(existsSync(join(ROOT, azureYaml.infra.path, `${azureYaml.infra.module}.bicepparam`)));
  });

  it('leaves the function time to store findings and send notices after the longest query', () => {
    const host = JSON.parse(readFileSync(join(ROOT, 'host.json'), 'utf8'));
    const [h, m, s] = String(host.functionTimeout).split(':').map(Number);
    const functionSeconds = h * 3600 + m * 60 + s;
    // The client waits 60 s past the server timeout; storage and notices need minutes more at worst.
    assert.ok(functionSeconds >= DEFAULT_SERVER_TIMEOUT_SECONDS + 60 + 180, `functionTimeout ${host.functionTimeout}`);
  });
});

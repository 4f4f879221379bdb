/**
 * infra/ compiled and linted by the real Bicep compiler, then the ARM JSON it produces checked for the
 * properties a security review asks about. `bicep snapshot` evaluates the template with parameters, so
 * the app settings are checked by their final names, not by reading expressions.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { scheduleSetting } from '../../../src/run/settings.js';
import { ATTR, SPAN } from '../../../src/telemetry/huntRunTelemetry.js';
import { WATCH_ATTR, WATCH_SPAN, WATCHDOG_SCHEDULE } from '../../../src/telemetry/watchdog.js';
import { bicepJson, bicepOk, bicepOrSkip, runBicep } from '../../support/bicep.js';
import { ROOT } from '../../support/seeds.js';

const { skip, bicep = '' } = bicepOrSkip();

const INFRA = join(ROOT, 'infra');
const WORKSPACE_ID = '/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/soc-rg/providers/Microsoft.OperationalInsights/workspaces/sentinel-ws';
const PARAM_ENV = { SENTINEL_WORKSPACE_ID: WORKSPACE_ID, AZURE_LOCATION: 'westeurope' };
const ALERT_EMAIL = 'soc-oncall@example.org';
// Canaries: if any of these shows up in a compiled template, snapshot or output, a secret leaked.
const CANARY = {
  TEAMS_WEBHOOK_URL: 'https://canary-teams.invalid/workflows/sig=CANARY1',
  WEBHOOK_URL: 'https://canary-tickets.invalid/hook?sig=CANARY2',
  WEBHOOK_SECRET: 'whsec_Q0FOQVJZM0NBTkFSWTNDQU5BUlkzQ0FOQVJZMw==',
};

const ROLE = {
  logAnalyticsDataReader: '3b03c2da-16b3-4a49-8834-0f8130efdd3b',
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb',
};

interface ArmResource {
  type: string;
  apiVersion: string;
  name: string;
  scope?: string;
  condition?: unknown;
  kind?: string;
  sku?: Record<string, unknown>;
  identity?: { type: string; userAssignedIdentities?: Record<string, unknown> };
  properties?: Record<string, any>;
  subscriptionId?: string;
  resourceGroup?: string;
}
interface Located extends ArmResource {
  /** The module deployment it sits in, '' for main.bicep itself. */
  module: string;
  /** Subscription / resource group expressions of that module deployment, if it sets them. */
  target?: { subscriptionId?: string; resourceGroup?: string };
  /** The variables of the template it sits in. */
  variables: Record<string, any>;
}
interface ArmTemplate {
  resources: Record<string, ArmResource> | ArmResource[];
  outputs?: Record<string, { type: string; value: unknown }>;
  parameters?: Record<string, { type: string }>;
  variables?: Record<string, any>;
}

/** Every resource, modules' included (nested deployments carry their compiled template inline). */
function flatten(template: ArmTemplate, module = '', target?: Located['target']): Located[] {
  const out: Located[] = [];
  for (const r of Object.values(template.resources)) {
    if (r.type === 'Microsoft.Resources/deployments' && r.properties?.template) {
      out.push(...flatten(r.properties.template, r.name, { subscriptionId: r.subscriptionId, resourceGroup: r.resourceGroup }));
    } else {
      out.push({ ...r, module, target, variables: template.variables ?? {} });
    }
  }
  return out;
}

function one(resources: Located[], type: string): Located {
  const found = resources.filter((r) => r.type === type);
  assert.equal(found.length, 1, `exactly one ${type}`);
  return found[0];
}

describe('infra/ with the real Bicep compiler', { skip }, () => {
  let template: ArmTemplate;
  let resources: Located[];
  let templateText: string;
  let snapshot: { predictedResources: ArmResource[]; outputs: Record<string, unknown> };
  let snapshotText: string;
  /** The site's app settings as the snapshot evaluated them: final names, values as expressions. */
  let appSettings: Map<string, string>;
  let tmp: string;

  before(() => {
    templateText = bicepOk(bicep, ['build', join(INFRA, 'main.bicep'), '--stdout']);
    template = JSON.parse(templateText) as ArmTemplate;
    resources = flatten(template);

    // A parameters file of our own, so the snapshot also exercises every shipped hunt's schedule override.
    tmp = mkdtempSync(join(tmpdir(), 'hunts-infra-'));
    const overrides = huntSlugs().map((slug) => `  '${slug}': '0 0 */3 * * *'`).join('\n');
    writeFileSync(
      join(tmp, 'snap.bicepparam'),
      `using '${relative(tmp, join(INFRA, 'main.bicep')).split(sep).join('/')}'\n` +
        `param sentinelWorkspaceId = '${WORKSPACE_ID}'\nparam location = 'westeurope'\n` +
        `param huntSchedules = {\n${overrides}\n}\n` +
        `param alertEmail = '${ALERT_EMAIL}'\n` +
        "param teamsWebhookUrl = readEnvironmentVariable('TEAMS_WEBHOOK_URL')\n" +
        "param webhookUrl = readEnvironmentVariable('WEBHOOK_URL')\n" +
        "param webhookSecret = readEnvironmentVariable('WEBHOOK_SECRET')\n",
    );
    bicepOk(bicep, ['snapshot', join(tmp, 'snap.bicepparam'), '--mode', 'overwrite'], { env: CANARY });
    snapshotText = readFileSync(join(tmp, 'snap.snapshot.json'), 'utf8');
    snapshot = JSON.parse(snapshotText);
    const site = snapshot.predictedResources.find((r) => r.type === 'Microsoft.Web/sites');
    appSettings = new Map(site?.properties?.siteConfig.appSettings.map((s: { name: string; value: string }) => [s.name, s.value]));
  });

  after(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('lints main.bicep (with every module it uses) and main.bicepparam with zero diagnostics', () => {
    for (const file of ['main.bicep', 'main.bicepparam']) {
      const run = runBicep(bicep, ['lint', join(INFRA, file)], { env: PARAM_ENV });
      assert.equal(run.status, 0, `bicep lint ${file} exited ${run.status}:\n${run.stderr}${run.stdout}`);
      assert.equal(`${run.stderr}${run.stdout}`.trim(), '', `bicep lint ${file} printed diagnostics`);
    }
  });

  it('builds main.bicepparam from the environment; secrets come only from there', () => {
    const withoutSecrets = bicepJson(bicep, ['build-params', join(INFRA, 'main.bicepparam'), '--stdout'], { env: PARAM_ENV }) as { parametersJson: string };
    const params = JSON.parse(withoutSecrets.parametersJson).parameters;
    assert.equal(params.sentinelWorkspaceId.value, WORKSPACE_ID);
    for (const name of ['teamsWebhookUrl', 'webhookUrl', 'webhookSecret']) assert.equal(params[name].value, '', `${name} is empty unless the environment sets it`);
    const withSecrets = bicepJson(bicep, ['build-params', join(INFRA, 'main.bicepparam'), '--stdout'], { env: { ...PARAM_ENV, ...CANARY } }) as { parametersJson: string };
    assert.equal(JSON.parse(withSecrets.parametersJson).parameters.webhookSecret.value, CANARY.WEBHOOK_SECRET);
    const file = readFileSync(join(INFRA, 'main.bicepparam'), 'utf8');
    for (const [name, env] of [['teamsWebhookUrl', 'TEAMS_WEBHOOK_URL'], ['webhookUrl', 'WEBHOOK_URL'], ['webhookSecret', 'WEBHOOK_SECRET']]) {
      assert.match(file, new RegExp(`^param ${name} = readEnvironmentVariable\\('${env}', ''\\)$`, 'm'));
      assert.equal(template.parameters?.[name]?.type, 'securestring', `${name} is a secure parameter`);
    }
  });

  it('uses current API versions; sites and serverfarms at 2024-11-01 or newer', () => {
    for (const type of ['Microsoft.Web/sites', 'Microsoft.Web/serverfarms']) {
      const r = one(resources, type);
      assert.ok(r.apiVersion >= '2024-11-01', `${type}@${r.apiVersion}`);
    }
  });

  it('runs on a Flex Consumption (FC1, Linux) plan with Node 22 from functionAppConfig', () => {
    const plan = one(resources, 'Microsoft.Web/serverfarms');
    assert.deepEqual(plan.sku, { name: 'FC1', tier: 'FlexConsumption' });
    assert.equal(plan.properties?.reserved, true);
    const site = one(resources, 'Microsoft.Web/sites');
    assert.equal(site.kind, 'functionapp,linux');
    const config = site.properties?.functionAppConfig;
    assert.deepEqual(config.runtime, { name: 'node', version: '22' });
    assert.equal(config.deployment.storage.type, 'blobContainer');
    assert.equal(config.deployment.storage.authentication.type, 'UserAssignedIdentity');
    assert.equal(config.deployment.storage.authentication.userAssignedIdentityResourceId, "[parameters('identityId')]");
    assert.equal(config.scaleAndConcurrency.instanceMemoryMB, "[parameters('instanceMemoryMB')]");
    assert.equal(config.scaleAndConcurrency.maximumInstanceCount, "[parameters('maximumInstanceCount')]");
  });

  it('locks the site down: user-assigned identity only, https only, TLS 1.2, FTP and basic publishing off', () => {
    const site = one(resources, 'Microsoft.Web/sites');
    assert.equal(site.identity?.type, 'UserAssigned');
    assert.equal(site.properties?.httpsOnly, true);
    assert.equal(site.properties?.keyVaultReferenceIdentity, "[parameters('identityId')]");
    assert.equal(site.properties?.siteConfig.minTlsVersion, '1.2');
    assert.equal(site.properties?.siteConfig.ftpsState, 'Disabled');
    const policies = resources.filter((r) => r.type === 'Microsoft.Web/sites/basicPublishingCredentialsPolicies');
    assert.deepEqual(policies.map((p) => [p.name.match(/'(ftp|scm)'\)\]$/)?.[1], p.properties?.allow]).sort(), [['ftp', false], ['scm', false]]);
  });

  it('leaves every setting of the older plans off (Flex takes runtime and deployment from functionAppConfig)', () => {
    const names = [...appSettings.keys()];
    assert.ok(names.length > 5, 'sanity: the snapshot evaluated the app settings');
    for (const legacy of ['FUNCTIONS_WORKER_RUNTIME', 'FUNCTIONS_EXTENSION_VERSION', 'WEBSITE_RUN_FROM_PACKAGE', 'WEBSITE_NODE_DEFAULT_VERSION', 'AzureWebJobsStorage']) {
      assert.ok(!names.includes(legacy), `${legacy} must not be set`);
      assert.ok(!templateText.includes(`"${legacy}"`), `${legacy} appears nowhere in the template`);
    }
    assert.deepEqual(names.filter((n) => n.startsWith('WEBSITE_CONTENT')), []);
    assert.ok(!/WEBSITE_CONTENT/.test(templateText));
    assert.ok(!/linuxFxVersion/i.test(templateText), 'no linuxFxVersion');
    assert.ok(!/AccountKey=|listKeys\(/.test(templateText), 'no storage keys anywhere');
  });

  it('reaches host storage, tables, Key Vault and Application Insights by the identity', () => {
    assert.equal(appSettings.get('AzureWebJobsStorage__credential'), 'managedidentity');
    assert.ok(appSettings.has('AzureWebJobsStorage__accountName'));
    assert.match(appSettings.get('AzureWebJobsStorage__clientId') ?? '', /\.clientId\]$/);
    assert.match(appSettings.get('AZURE_CLIENT_ID') ?? '', /\.clientId\]$/);
    assert.ok(appSettings.has('TABLES_ACCOUNT_URL'));
    assert.ok(appSettings.has('LOG_ANALYTICS_WORKSPACE_ID'));
    assert.equal(appSettings.get('NODE_OPTIONS'), '--enable-source-maps');
    // Entra ID ingestion names the identity by its client id; a principal id here fails silently.
    const auth = appSettings.get('APPLICATIONINSIGHTS_AUTHENTICATION_STRING') ?? '';
    assert.match(auth, /^\[format\('ClientId=\{0\};Authorization=AAD', .*\.clientId\)\]$/);
    assert.ok(!auth.includes('principalId'));
    for (const [setting, secret] of [['TEAMS_WEBHOOK_URL', 'teams-webhook-url'], ['WEBHOOK_URL', 'webhook-url'], ['WEBHOOK_SECRET', 'webhook-signing-secret']]) {
      assert.match(appSettings.get(setting) ?? '', new RegExp(`^\\[format\\('@Microsoft\\.KeyVault\\(VaultName=\\{0\\};SecretName=\\{1\\}\\)', .*'${secret}'\\)\\]$`), setting);
    }
  });

  it('names each schedule override the way the app reads it (HUNT_SCHEDULE_<FILE NAME>)', () => {
    const slugs = huntSlugs();
    assert.ok(slugs.length >= 2);
    for (const slug of slugs) assert.equal(appSettings.get(scheduleSetting(slug)), '0 0 */3 * * *', `${scheduleSetting(slug)} for hunts/${slug}.yaml`);
  });

  it('keeps storage keyless, TLS 1.2 only and private to blob readers', () => {
    const account = one(resources, 'Microsoft.Storage/storageAccounts');
    assert.equal(account.properties?.allowSharedKeyAccess, false);
    assert.equal(account.properties?.minimumTlsVersion, 'TLS1_2');
    assert.equal(account.properties?.allowBlobPublicAccess, false);
    assert.equal(account.properties?.supportsHttpsTrafficOnly, true);
    assert.equal(account.properties?.defaultToOAuthAuthentication, true);
    const container = one(resources, 'Microsoft.Storage/storageAccounts/blobServices/containers');
    assert.equal(container.properties?.publicAccess, 'None');
  });

  it('keeps the secrets in an RBAC Key Vault with soft delete and purge protection, written only when given', () => {
    const vault = one(resources, 'Microsoft.KeyVault/vaults');
    assert.equal(vault.properties?.enableRbacAuthorization, true);
    assert.equal(vault.properties?.enableSoftDelete, true);
    assert.equal(vault.properties?.enablePurgeProtection, true);
    assert.equal(vault.properties?.accessPolicies, undefined, 'no access policies: RBAC only');
    const secrets = resources.filter((r) => r.type === 'Microsoft.KeyVault/vaults/secrets');
    assert.equal(secrets.length, 3);
    for (const s of secrets) assert.match(String(s.condition), /^\[not\(empty\(parameters\('\w+'\)\)\)\]$/, 'a secret is written only when its parameter is given');
  });

  it('sends Application Insights through Entra ID only, into a workspace of its own', () => {
    const appInsights = one(resources, 'Microsoft.Insights/components');
    assert.equal(appInsights.properties?.DisableLocalAuth, true);
    assert.match(String(appInsights.properties?.WorkspaceResourceId), /Microsoft\.OperationalInsights\/workspaces/);
    assert.ok(!String(appInsights.properties?.WorkspaceResourceId).includes('sentinelWorkspaceId'), 'not the Sentinel workspace');
  });

  it('grants exactly five roles, each on the narrowest resource', () => {
    const assignments = resources.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments');
    // roleDefinitionId reads the role's GUID from the module's `roles` variable (modules/roles.bicep).
    const roleOf = (r: Located) => {
      const name = /variables\('roles'\)\.(\w+)\)\]$/.exec(r.properties?.roleDefinitionId)?.[1];
      return name && r.variables.roles?.[name];
    };
    const scopeType = (r: Located) => /resourceId\('([^']+)'/.exec(r.scope ?? '')?.[1];
    assert.deepEqual(
      assignments.map((r) => [roleOf(r), scopeType(r)]).sort(),
      [
        [ROLE.storageTableDataContributor, 'Microsoft.Storage/storageAccounts'],
        [ROLE.logAnalyticsDataReader, 'Microsoft.OperationalInsights/workspaces'],
        [ROLE.monitoringMetricsPublisher, 'Microsoft.Insights/components'],
        [ROLE.keyVaultSecretsUser, 'Microsoft.KeyVault/vaults'],
        [ROLE.storageBlobDataOwner, 'Microsoft.Storage/storageAccounts'],
      ].sort(),
    );
    for (const r of assignments) {
      assert.equal(r.properties?.principalType, 'ServicePrincipal');
      assert.equal(r.properties?.principalId, "[parameters('principalId')]");
      assert.match(r.properties?.roleDefinitionId, /^\[subscriptionResourceId\('Microsoft\.Authorization\/roleDefinitions', /);
    }
    // The Sentinel workspace's role is deployed where the workspace is, which may be another group or subscription.
    const reader = assignments.find((r) => roleOf(r) === ROLE.logAnalyticsDataReader);
    assert.equal(reader?.target?.subscriptionId, "[variables('workspaceIdParts')[2]]");
    assert.equal(reader?.target?.resourceGroup, "[variables('workspaceIdParts')[4]]");
    const readerScope = snapshot.predictedResources.find((r) => r.type === 'Microsoft.Authorization/roleAssignments' && r.name.includes(ROLE.logAnalyticsDataReader));
    assert.ok(JSON.stringify(readerScope).includes(WORKSPACE_ID), 'scoped to the given workspace');
  });

  describe('alerts on the app\'s telemetry', () => {
    type Rule = ArmResource & { location?: string; properties: Record<string, any> };
    const rulesOf = (resources: ArmResource[]) => resources.filter((r) => r.type === 'Microsoft.Insights/scheduledQueryRules') as Rule[];
    const byKey = (rules: Rule[]) => new Map(rules.map((r) => [r.name.replace(/^hunts-/, ''), r]));

    it('has four log alert rules over the Application Insights component, each a query on the spans src/telemetry writes', () => {
      const rules = byKey(rulesOf(snapshot.predictedResources));
      assert.deepEqual([...rules.keys()].sort(), ['hunt-overdue', 'notices-dead-lettered', 'run-failed', 'watchdog-silent']);
      const monitoring = flatten(template).filter((r) => r.module.includes('monitoring'));
      assert.ok(monitoring.some((r) => r.type === 'Microsoft.Insights/components'), 'sanity: the component is in the monitoring module');
      const monitoringOutputs = (Object.values(template.resources).find((r) => r.name.includes('monitoring'))?.properties?.template as ArmTemplate).outputs;
      assert.match(String(monitoringOutputs?.appInsightsId?.value), /^\[resourceId\('Microsoft\.Insights\/components', /);
      for (const [key, rule] of rules) {
        assert.equal(rule.kind, 'LogAlert', key);
        assert.equal(rule.properties.enabled, true, key);
        assert.equal(rule.properties.scopes.length, 1);
        // The snapshot leaves module outputs as expressions: the monitoring module's component id.
        assert.match(rule.properties.scopes[0], /'hunts-monitoring'\), '[\d-]+'\)\.outputs\.appInsightsId\.value\]$/, `${key} reads the app's Application Insights`);
        assert.equal(rule.properties.autoMitigate, true);
        assert.equal(rule.properties.criteria.allOf.length, 1);
        // A log alert looks back two days at most; these need an hour.
        assert.ok(['PT15M', 'PT30M', 'PT1H'].includes(rule.properties.windowSize), `${key} window ${rule.properties.windowSize}`);
        assert.equal(rule.properties.overrideQueryTimeRange, undefined);
      }
      const query = (key: string) => rules.get(key)!.properties.criteria.allOf[0];
      const reads = (key: string, ...names: string[]) => {
        for (const n of names) assert.ok(query(key).query.includes(`"${n}"`), `${key} reads "${n}":\n${query(key).query}`);
      };
      reads('run-failed', SPAN.run, ATTR.status, ATTR.huntId, ATTR.huntName);
      assert.match(query('run-failed').query, /== "failed"/);
      assert.deepEqual([query('run-failed').timeAggregation, query('run-failed').operator, query('run-failed').threshold], ['Count', 'GreaterThan', 0]);
      reads('notices-dead-lettered', SPAN.run, ATTR.noticesDeadLettered, ATTR.huntId);
      assert.deepEqual([query('notices-dead-lettered').timeAggregation, query('notices-dead-lettered').metricMeasureColumn], ['Total', 'deadLettered']);
      reads('hunt-overdue', WATCH_SPAN, WATCH_ATTR.overdue, ATTR.huntId, WATCH_ATTR.lastSuccess);
      // Silence is the alarm: fewer than one watchdog report in a window twice the watchdog's period.
      reads('watchdog-silent', WATCH_SPAN);
      assert.deepEqual([query('watchdog-silent').timeAggregation, query('watchdog-silent').operator, query('watchdog-silent').threshold], ['Count', 'LessThan', 1]);
      assert.equal(WATCHDOG_SCHEDULE, '0 */30 * * * *');
      assert.equal(rules.get('watchdog-silent')!.properties.windowSize, 'PT1H');
      // One alert per hunt, not one for all of them.
      for (const key of ['run-failed', 'notices-dead-lettered', 'hunt-overdue']) {
        assert.deepEqual(query(key).dimensions, [{ name: 'huntId', operator: 'Include', values: ['*'] }], key);
      }
      assert.deepEqual(query('watchdog-silent').dimensions, []);
    });

    it('emails the address in alertEmail (ALERT_EMAIL) through one action group every rule uses', () => {
      const groups = snapshot.predictedResources.filter((r) => r.type === 'Microsoft.Insights/actionGroups') as Rule[];
      assert.equal(groups.length, 1);
      assert.equal(groups[0].location, 'global');
      assert.ok(groups[0].properties.groupShortName.length <= 12);
      assert.deepEqual(groups[0].properties.emailReceivers.map((e: { emailAddress: string }) => e.emailAddress), [ALERT_EMAIL]);
      for (const rule of rulesOf(snapshot.predictedResources)) {
        assert.deepEqual(rule.properties.actions.actionGroups.length, 1, rule.name);
        assert.match(rule.properties.actions.actionGroups[0], /'Microsoft\.Insights\/actionGroups', 'hunts-alerts'\)\]$/);
      }
      const file = readFileSync(join(INFRA, 'main.bicepparam'), 'utf8');
      assert.match(file, /^param alertEmail = readEnvironmentVariable\('ALERT_EMAIL', ''\)$/m);
    });

    it('without an email still deploys the rules, with no action group and nobody notified', () => {
      writeFileSync(
        join(tmp, 'quiet.bicepparam'),
        `using '${relative(tmp, join(INFRA, 'main.bicep')).split(sep).join('/')}'\nparam sentinelWorkspaceId = '${WORKSPACE_ID}'\nparam location = 'westeurope'\n`,
      );
      bicepOk(bicep, ['snapshot', join(tmp, 'quiet.bicepparam'), '--mode', 'overwrite']);
      const quiet = JSON.parse(readFileSync(join(tmp, 'quiet.snapshot.json'), 'utf8')) as { predictedResources: ArmResource[] };
      assert.deepEqual(quiet.predictedResources.filter((r) => r.type === 'Microsoft.Insights/actionGroups'), []);
      const rules = rulesOf(quiet.predictedResources);
      assert.equal(rules.length, 4);
      for (const rule of rules) assert.deepEqual(rule.properties.actions.actionGroups, [], rule.name);
    });
  });

  it('puts no secret in any output, template or snapshot', () => {
    for (const [name, output] of Object.entries(template.outputs ?? {})) {
      assert.notEqual(output.type, 'securestring', name);
      assert.ok(!/ConnectionString|listKeys|listSecrets|parameters\('(teamsWebhookUrl|webhookUrl|webhookSecret)'\)/.test(JSON.stringify(output.value)), `output ${name}`);
    }
    for (const value of Object.values(CANARY)) {
      assert.ok(!snapshotText.includes(value), 'a secret value reached the snapshot');
      assert.ok(!templateText.includes(value));
    }
  });
});

function huntSlugs(): string[] {
  return readdirSync(join(ROOT, 'hunts'))
    .filter((f) => /\.ya?ml$/.test(f) && f !== 'exclusions.yaml' && !/\.test\.ya?ml$/.test(f))
    .map((f) => f.replace(/\.ya?ml$/, ''))
    .sort();
}

/**
 * infra/ compiled and linted by the real Bicep compiler, then the ARM JSON it produces checked for the
 * properties a security review asks about. `bicep snapshot` evaluates the template with parameters, so
 * the app settings are checked by their final names, not by reading expressions. Two snapshots cover both
 * values of every deployment option: `snapshot` with the defaults (public network, Sentinel role granted,
 * purge protection on, no analysts, no API registration) and `lockedDown` with each one switched.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { scheduleSetting } from '../../../src/run/settings.js';
import { ATTR, SPAN } from '../../../src/telemetry/huntRunTelemetry.js';
import { WATCH_ATTR, WATCH_SPAN, WATCHDOG_SCHEDULE } from '../../../src/telemetry/watchdog.js';
import { tableNames } from '../../../src/store/tableClients.js';
import { bicepJson, bicepOrSkip, runBicep, runBicepAsync, runSnapshot, snapshotWith, SNAPSHOT_TARGET, type Snapshot } from '../../support/bicep.js';
import { ROOT } from '../../support/seeds.js';

const { skip, bicep = '' } = bicepOrSkip();

const INFRA = join(ROOT, 'infra');
const MAIN = join(INFRA, 'main.bicep');
const WORKSPACE_ID = '/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/soc-rg/providers/Microsoft.OperationalInsights/workspaces/sentinel-ws';
const ENV_NAME = 'hunts-prod';
const PARAM_ENV = { AZURE_ENV_NAME: ENV_NAME, SENTINEL_WORKSPACE_ID: WORKSPACE_ID, AZURE_LOCATION: 'westeurope' };
const REQUIRED = { environmentName: ENV_NAME, location: 'westeurope', sentinelWorkspaceId: WORKSPACE_ID };
// The locked-down variant: every option the other way round.
const ANALYSTS = '0000aaaa-1111-2222-3333-444455556666';
const API_CLIENT = '0000bbbb-1111-2222-3333-444455556666';
const CUSTOMER_ID = '0000cccc-1111-2222-3333-444455556666';
const LOCKED_ENV = 'SOC_Hunts.Prod-West(2)';
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
  storageTableDataReader: '76199698-9eea-4c19-bc75-cec21354c6b6',
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
  /** A resource the template only reads (`existing`), not one it deploys. */
  existing?: boolean;
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
    if (r.existing) continue;
    if (r.type === 'Microsoft.Resources/deployments' && r.properties?.template) {
      out.push(...flatten(r.properties.template, r.name, { subscriptionId: r.subscriptionId, resourceGroup: r.resourceGroup }));
    } else {
      out.push({ ...r, module, target, variables: template.variables ?? {} });
    }
  }
  return out;
}

/** Every module deployment, nested ones included. */
function deployments(template: ArmTemplate): ArmResource[] {
  return Object.values(template.resources)
    .filter((r) => r.type === 'Microsoft.Resources/deployments' && r.properties?.template)
    .flatMap((r) => [r, ...deployments(r.properties?.template as ArmTemplate)]);
}

// roleDefinitionId reads the role's GUID from the module's `roles` variable (modules/roles.bicep).
function roleOf(r: Located): string | undefined {
  const name = /variables\('roles'\)\.(\w+)\)\]$/.exec(r.properties?.roleDefinitionId)?.[1];
  return name && r.variables.roles?.[name];
}

function scopeType(r: Located): string | undefined {
  return /resourceId\('([^']+)'/.exec(r.scope ?? '')?.[1];
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
  let snapshot: Snapshot;
  let snapshotText: string;
  /** Every option the other way round (vnetEnabled, analystsGroupId, apiClientId, assignSentinelReader...). */
  let lockedDown: Snapshot;
  /** The site's app settings as the snapshot evaluated them: final names, values as expressions. */
  let appSettings: Map<string, string>;
  let tmp: string;

  before(async () => {
    // A parameters file of our own, so the snapshot also exercises every shipped hunt's schedule override.
    tmp = mkdtempSync(join(tmpdir(), 'hunts-infra-'));
    const build = runBicepAsync(bicep, ['build', MAIN, '--stdout']);
    const snap = snapshotWith(
      bicep,
      MAIN,
      tmp,
      'snap',
      {
        ...REQUIRED,
        huntSchedules: Object.fromEntries(huntSlugs().map((slug) => [slug, '0 0 */3 * * *'])),
        alertEmail: ALERT_EMAIL,
        teamsWebhookUrl: { bicep: "readEnvironmentVariable('TEAMS_WEBHOOK_URL')" },
        webhookUrl: { bicep: "readEnvironmentVariable('WEBHOOK_URL')" },
        webhookSecret: { bicep: "readEnvironmentVariable('WEBHOOK_SECRET')" },
      },
      CANARY,
    );
    const locked = snapshotWith(bicep, MAIN, tmp, 'locked', {
      ...REQUIRED,
      environmentName: LOCKED_ENV,
      resourceGroupName: 'rg-soc-hunts',
      vnetEnabled: true,
      analystsGroupId: ANALYSTS,
      apiClientId: API_CLIENT,
      assignSentinelReader: false,
      sentinelWorkspaceCustomerId: CUSTOMER_ID,
      keyVaultPurgeProtection: false,
      keyVaultRecover: true,
    });
    const built = await build;
    assert.equal(built.status, 0, `bicep build main.bicep:\n${built.stderr}${built.stdout}`);
    templateText = built.stdout;
    template = JSON.parse(templateText) as ArmTemplate;
    resources = flatten(template);
    [snapshot, lockedDown] = await Promise.all([snap, locked]);
    snapshotText = readFileSync(join(tmp, 'snap.snapshot.json'), 'utf8');
    appSettings = settingsOf(snapshot);
  });

  after(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('lints main.bicep (with every module it uses) and main.bicepparam with zero diagnostics', async () => {
    const files = ['main.bicep', 'main.bicepparam'];
    const runs = await Promise.all(files.map((file) => runBicepAsync(bicep, ['lint', join(INFRA, file)], { env: PARAM_ENV })));
    runs.forEach((run, i) => {
      assert.equal(run.status, 0, `bicep lint ${files[i]} exited ${run.status}:\n${run.stderr}${run.stdout}`);
      assert.equal(`${run.stderr}${run.stdout}`.trim(), '', `bicep lint ${files[i]} printed diagnostics`);
    });
  });

  it('builds main.bicepparam from the environment: every option with its documented default, secrets only from there', () => {
    const defaults = buildParams(bicep, {});
    assert.equal(defaults.sentinelWorkspaceId, WORKSPACE_ID);
    for (const name of ['teamsWebhookUrl', 'webhookUrl', 'webhookSecret']) assert.equal(defaults[name], '', `${name} is empty unless the environment sets it`);
    assert.deepEqual(
      [defaults.environmentName, defaults.resourceGroupName, defaults.assignSentinelReader, defaults.vnetEnabled, defaults.analystsGroupId, defaults.apiClientId, defaults.keyVaultPurgeProtection, defaults.keyVaultRecover, defaults.sentinelWorkspaceCustomerId],
      [ENV_NAME, '', true, false, '', '', true, false, ''],
    );
    const switched = buildParams(bicep, {
      ...CANARY,
      AZURE_RESOURCE_GROUP: 'rg-soc-hunts',
      ASSIGN_SENTINEL_READER: 'false',
      VNET_ENABLED: 'true',
      ANALYSTS_GROUP_ID: ANALYSTS,
      API_CLIENT_ID: API_CLIENT,
      KEY_VAULT_PURGE_PROTECTION: 'false',
      KEY_VAULT_RECOVER: 'true',
      SENTINEL_WORKSPACE_CUSTOMER_ID: CUSTOMER_ID,
    });
    assert.deepEqual(
      [switched.resourceGroupName, switched.assignSentinelReader, switched.vnetEnabled, switched.analystsGroupId, switched.apiClientId, switched.keyVaultPurgeProtection, switched.keyVaultRecover, switched.sentinelWorkspaceCustomerId],
      ['rg-soc-hunts', false, true, ANALYSTS, API_CLIENT, false, true, CUSTOMER_ID],
    );
    assert.equal(switched.webhookSecret, CANARY.WEBHOOK_SECRET);
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
      assert.match(appSettings.get(setting) ?? '', new RegExp(`^@Microsoft\\.KeyVault\\(VaultName=kv-[a-z0-9-]+;SecretName=${secret}\\)$`), setting);
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
    const [vault] = ofType(snapshot, 'Microsoft.KeyVault/vaults');
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

  it('grants the identity exactly five roles, each on the narrowest resource', () => {
    const assignments = resources.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments' && r.properties?.principalType === 'ServicePrincipal');
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
      assert.equal(r.properties?.principalId, "[parameters('principalId')]");
      assert.match(r.properties?.roleDefinitionId, /^\[subscriptionResourceId\('Microsoft\.Authorization\/roleDefinitions', /);
    }
    // The Sentinel workspace's role is deployed where the workspace is, which may be another group or subscription.
    const reader = assignments.find((r) => roleOf(r) === ROLE.logAnalyticsDataReader);
    assert.equal(reader?.target?.subscriptionId, "[variables('workspace').subscriptionId]");
    assert.equal(reader?.target?.resourceGroup, "[variables('workspace').resourceGroup]");
    const readerScope = snapshot.predictedResources.find((r) => r.type === 'Microsoft.Authorization/roleAssignments' && JSON.stringify(r).includes(ROLE.logAnalyticsDataReader));
    assert.ok(JSON.stringify(readerScope).includes(WORKSPACE_ID), 'scoped to the given workspace');
  });

  it('names the assignments that outlive `azd down` (Sentinel workspace, a recovered Key Vault) by principal, so a new identity never collides', () => {
    const assignments = resources.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments');
    for (const role of [ROLE.logAnalyticsDataReader, ROLE.keyVaultSecretsUser]) {
      const r = assignments.find((a) => roleOf(a) === role);
      assert.match(r?.name ?? '', /^\[guid\(.*parameters\('principalId'\), variables\('roles'\)\.\w+\)\]$/, `${role} named by principal id`);
    }
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
      const monitoringOutputs = (deployments(template).find((r) => r.name.includes('monitoring'))?.properties?.template as ArmTemplate).outputs;
      assert.match(String(monitoringOutputs?.appInsightsId?.value), /^\[resourceId\('Microsoft\.Insights\/components', /);
      for (const [key, rule] of rules) {
        assert.equal(rule.kind, 'LogAlert', key);
        assert.equal(rule.properties.enabled, true, key);
        assert.equal(rule.properties.scopes.length, 1);
        assert.match(rule.properties.scopes[0], /\/providers\/Microsoft\.Insights\/components\/hunts-appi-[a-z0-9]+$/, `${key} reads the app's Application Insights`);
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
        assert.match(rule.properties.actions.actionGroups[0], /\/providers\/Microsoft\.Insights\/actionGroups\/hunts-alerts$/);
      }
      const file = readFileSync(join(INFRA, 'main.bicepparam'), 'utf8');
      assert.match(file, /^param alertEmail = readEnvironmentVariable\('ALERT_EMAIL', ''\)$/m);
    });

    it('without an email still deploys the rules, with no action group and nobody notified', () => {
      // The locked-down snapshot leaves alertEmail out.
      const quiet = lockedDown;
      assert.deepEqual(quiet.predictedResources.filter((r) => r.type === 'Microsoft.Insights/actionGroups'), []);
      const rules = rulesOf(quiet.predictedResources);
      assert.equal(rules.length, 4);
      for (const rule of rules) assert.deepEqual(rule.properties.actions.actionGroups, [], rule.name);
    });
  });

  describe('as azd deploys it: subscription scope, a resource group per environment', () => {
    it('creates rg-<environment> (or resourceGroupName) tagged azd-env-name, and everything of the app inside it', () => {
      assert.match(String((template as { $schema?: string }).$schema), /subscriptionDeploymentTemplate\.json/);
      const [group] = ofType(snapshot, 'Microsoft.Resources/resourceGroups');
      assert.equal(group.name, `rg-${ENV_NAME}`);
      assert.equal(group.location, 'westeurope');
      assert.equal(group.tags?.['azd-env-name'], ENV_NAME);
      assert.equal(ofType(lockedDown, 'Microsoft.Resources/resourceGroups')[0].name, 'rg-soc-hunts');
      const inGroup = `/subscriptions/${SNAPSHOT_TARGET.subscriptionId}/resourceGroups/rg-${ENV_NAME}/providers/`;
      const appResources = snapshot.predictedResources.filter((r) => !['Microsoft.Resources/resourceGroups', 'Microsoft.Authorization/roleAssignments'].includes(r.type));
      assert.ok(appResources.length > 15);
      for (const r of appResources) assert.ok(r.id?.startsWith(inGroup), `${r.type} ${r.name} is in the environment's group: ${r.id}`);
      for (const r of appResources.filter((r) => r.tags)) assert.equal(r.tags?.['azd-env-name'], ENV_NAME, `${r.type} tagged`);
    });

    it('asks azd for a location among the Flex Consumption regions and refuses any other before deploying', () => {
      const location = template.parameters?.location as { allowedValues?: string[]; metadata?: { azd?: { type?: string } } };
      assert.equal(location.metadata?.azd?.type, 'location');
      const allowed = location.allowedValues ?? [];
      for (const region of ['westeurope', 'northeurope', 'eastus', 'eastus2', 'swedencentral', 'australiaeast']) assert.ok(allowed.includes(region), region);
      for (const region of allowed) assert.match(region, /^[a-z]+[0-9]?$/, 'programmatic region names only');
      assert.ok(!allowed.some((r) => r.endsWith('euap')), 'no early-access (canary) regions');
      const refused = runBicep(bicep, ['build-params', join(INFRA, 'main.bicepparam'), '--stdout'], { env: { ...PARAM_ENV, AZURE_LOCATION: 'brazilsoutheast' } });
      assert.notEqual(refused.status, 0, 'a region without Flex Consumption fails at build time');
      assert.match(`${refused.stderr}${refused.stdout}`, /brazilsoutheast/);
    });

    it('writes outputs for azd without overwriting its own variables (AZURE_PRINCIPAL_ID is the signed-in user)', () => {
      const names = Object.keys(template.outputs ?? {});
      for (const azds of ['AZURE_PRINCIPAL_ID', 'AZURE_PRINCIPAL_TYPE', 'AZURE_ENV_NAME', 'AZURE_LOCATION', 'AZURE_SUBSCRIPTION_ID', 'AZURE_TENANT_ID', 'AZURE_CLIENT_ID']) {
        assert.ok(!names.includes(azds), `${azds} belongs to azd (or to the Azure SDKs' credential chain)`);
      }
      assert.equal(snapshot.outputs.AZURE_RESOURCE_GROUP, `rg-${ENV_NAME}`);
      for (const name of ['AZURE_FUNCTION_APP_NAME', 'AZURE_KEY_VAULT_NAME', 'FUNCTION_IDENTITY_PRINCIPAL_ID', 'FUNCTION_IDENTITY_CLIENT_ID', 'LOG_ANALYTICS_WORKSPACE_ID', 'TABLES_ACCOUNT_URL', 'FINDINGS_PAGE_URL']) {
        assert.ok(names.includes(name), name);
      }
      assert.equal(lockedDown.outputs.LOG_ANALYTICS_WORKSPACE_ID, CUSTOMER_ID);
    });

    it('puts nothing random in a name: a second `azd up` finds every resource it made', () => {
      assert.ok(!/utcNow|newGuid|deployment\(\)\.name/.test(templateText));
      // Evaluated from the parameters and the target alone, every name is a plain string; only the private
      // DNS zones wait for the cloud's suffixes (environment()), and the role assignments named by principal
      // for the identity this deployment creates.
      for (const r of [...snapshot.predictedResources, ...lockedDown.predictedResources]) {
        if (r.name.startsWith('[')) assert.match(r.name, /environment\(\)\.suffixes|userAssignedIdentities\/[^']+', '[\d-]+'\)\.principalId/, `${r.type} ${r.name}`);
      }
    });
  });

  describe('the Sentinel workspace', () => {
    it('refuses a workspace id (GUID) or name where the resource id belongs, saying what to pass', async () => {
      const wrongs = ['7d3c5b1e-2f4a-4c6b-9e8d-1a2b3c4d5e6f', 'sentinel-ws'];
      const runs = await Promise.all(wrongs.map((wrong, i) => runSnapshot(bicep, MAIN, tmp, `wrong-workspace-${i}`, { ...REQUIRED, sentinelWorkspaceId: wrong })));
      runs.forEach((run, i) => {
        assert.notEqual(run.status, 0, wrongs[i]);
        const said = `${run.stderr}${run.stdout}`;
        assert.match(said, /sentinelWorkspaceId \(SENTINEL_WORKSPACE_ID\) is ".*", not the resource id of a Log Analytics workspace/, wrongs[i]);
        assert.match(said, /Properties > Resource ID/);
        assert.ok(!/index out of bounds|out of range/i.test(said), 'fails on our check, not deep in ARM');
      });
    });

    it('assignSentinelReader: grants Log Analytics Data Reader in the workspace\'s group, or deploys nothing there and outputs the command the README gives', () => {
      const readers = (snap: Snapshot) => ofType(snap, 'Microsoft.Authorization/roleAssignments').filter((r) => JSON.stringify(r.properties).includes(ROLE.logAnalyticsDataReader));
      assert.equal(readers(snapshot).length, 1);
      assert.equal(snapshot.outputs.SENTINEL_READER_COMMAND, '');
      assert.deepEqual(readers(lockedDown), []);
      assert.ok(!lockedDown.predictedResources.some((r) => r.id?.includes('/resourceGroups/soc-rg/')), 'nothing deployed in the workspace\'s group');
      // The principal id is known only once deployed: the snapshot leaves it as the identity's reference.
      const command = /^\[format\('(.*)', (reference\('[^']+\/userAssignedIdentities\/[^']+', '[\d-]+'\)\.principalId), '([^']+)', '([^']+)'\)\]$/.exec(String(lockedDown.outputs.SENTINEL_READER_COMMAND));
      assert.ok(command, String(lockedDown.outputs.SENTINEL_READER_COMMAND));
      const [, format, , role, scope] = command;
      assert.equal(role, ROLE.logAnalyticsDataReader);
      assert.equal(scope, WORKSPACE_ID);
      // The README gives the workspace owner that same command.
      const forOwner = format.replace('{0}', '<FUNCTION_IDENTITY_PRINCIPAL_ID>').replace('{1}', role).replace('{2}', '<SENTINEL_WORKSPACE_ID>');
      assert.equal(forOwner, `az role assignment create --assignee-object-id <FUNCTION_IDENTITY_PRINCIPAL_ID> --assignee-principal-type ServicePrincipal --role ${ROLE.logAnalyticsDataReader} --scope <SENTINEL_WORKSPACE_ID>`);
      assert.ok(readFileSync(join(ROOT, 'README.md'), 'utf8').includes(forOwner), `README.md has:\n${forOwner}`);
    });

    it('reads the workspace id from the workspace, or takes it as given and reads nothing', () => {
      assert.match(appSettings.get('LOG_ANALYTICS_WORKSPACE_ID') ?? '', new RegExp(`^\\[reference\\('${WORKSPACE_ID}', '[\\d-]+'\\)\\.customerId\\]$`));
      assert.equal(settingsOf(lockedDown).get('LOG_ANALYTICS_WORKSPACE_ID'), CUSTOMER_ID);
      assert.ok(!JSON.stringify(lockedDown).includes(`reference('${WORKSPACE_ID}'`), 'no read of the workspace');
      // Checked like analystsGroupId below (same isGuid, same fail()).
      assert.match(String(template.variables?.customerId), /isGuid.*fail\('sentinelWorkspaceCustomerId \(SENTINEL_WORKSPACE_CUSTOMER_ID\) must be the workspace id, a GUID/);
    });
  });

  describe('the Key Vault across `azd down` and `azd up`', () => {
    const VAULT_NAME = /^[a-z][a-z0-9-]{1,22}[a-z0-9]$/;
    const vaultOf = (snap: Snapshot) => ofType(snap, 'Microsoft.KeyVault/vaults')[0];

    it('is named after the environment: the same name for it every time, another for another environment, valid for any azd environment name', () => {
      const prod = vaultOf(snapshot).name;
      assert.match(prod, /^kv-huntsprod-[a-z0-9]{8}$/);
      const odd = vaultOf(lockedDown).name;
      assert.match(odd, /^kv-sochuntsprod-[a-z0-9]{8}$/);
      for (const name of [prod, odd]) {
        assert.match(name, VAULT_NAME);
        assert.ok(!name.includes('--'));
      }
      assert.equal(settingsOf(snapshot).get('WEBHOOK_URL'), `@Microsoft.KeyVault(VaultName=${prod};SecretName=webhook-url)`);
    });

    it('keeps soft delete and purge protection on by default; switched off, purge protection is left out (Key Vault refuses false) so `azd down --purge` can purge', () => {
      assert.equal(vaultOf(snapshot).properties?.enablePurgeProtection, true);
      assert.equal(vaultOf(lockedDown).properties?.enableSoftDelete, true);
      assert.ok(!('enablePurgeProtection' in (vaultOf(lockedDown).properties ?? {})), 'not false, not null: left out');
    });

    it('recovers the soft-deleted vault only when keyVaultRecover asks', () => {
      assert.equal(vaultOf(snapshot).properties?.createMode, 'default');
      assert.equal(vaultOf(lockedDown).properties?.createMode, 'recover');
    });

    it('the README walks through a second `azd up`, `azd down --purge` and recovering the vault', () => {
      const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
      for (const step of ['azd down --purge', 'azd env set KEY_VAULT_RECOVER true', 'azd env set KEY_VAULT_PURGE_PROTECTION false', 'azd env set VNET_ENABLED true', 'az deployment sub create']) {
        assert.ok(readme.includes(step), `README.md: ${step}`);
      }
    });
  });

  describe('vnetEnabled', () => {
    const privateEndpoints = (snap: Snapshot) => ofType(snap, 'Microsoft.Network/privateEndpoints');

    it('off: no network resources, storage and Key Vault public, the app not integrated', () => {
      assert.deepEqual(snapshot.predictedResources.filter((r) => r.type.startsWith('Microsoft.Network/')), []);
      for (const type of ['Microsoft.Storage/storageAccounts', 'Microsoft.KeyVault/vaults']) {
        assert.equal(ofType(snapshot, type)[0].properties?.publicNetworkAccess, 'Enabled', type);
      }
      assert.equal(ofType(snapshot, 'Microsoft.Web/sites')[0].properties?.virtualNetworkSubnetId ?? null, null);
      assert.equal(snapshot.outputs.OUTBOUND_IP_ADDRESS, '');
    });

    it('on: storage and Key Vault turn public access off and answer only on private endpoints', () => {
      for (const type of ['Microsoft.Storage/storageAccounts', 'Microsoft.KeyVault/vaults']) {
        const r = ofType(lockedDown, type)[0];
        assert.equal(r.properties?.publicNetworkAccess, 'Disabled', type);
        assert.deepEqual(r.properties?.networkAcls, { defaultAction: 'Deny', bypass: 'None' }, type);
      }
      const account = ofType(lockedDown, 'Microsoft.Storage/storageAccounts')[0];
      const vault = ofType(lockedDown, 'Microsoft.KeyVault/vaults')[0];
      const [vnet] = ofType(lockedDown, 'Microsoft.Network/virtualNetworks');
      const endpointSubnet = `${vnet.id}/subnets/private-endpoints`;
      const targets = privateEndpoints(lockedDown).map((pe) => {
        assert.equal(pe.properties?.subnet.id, endpointSubnet, pe.name);
        const [connection] = pe.properties?.privateLinkServiceConnections;
        return [connection.properties.groupIds.join(), connection.properties.privateLinkServiceId];
      });
      // The host's blobs and the findings tables; the app uses no queues or files.
      assert.deepEqual(targets.sort(), [['blob', account.id], ['table', account.id], ['vault', vault.id]].sort());
    });

    it('on: a private DNS zone per service, linked to the network, holds each endpoint\'s record', () => {
      const zones = ofType(lockedDown, 'Microsoft.Network/privateDnsZones');
      assert.deepEqual(zones.map((z) => inAzureCloud(z.name)).sort(), ['privatelink.blob.core.windows.net', 'privatelink.table.core.windows.net', 'privatelink.vaultcore.azure.net']);
      const [vnet] = ofType(lockedDown, 'Microsoft.Network/virtualNetworks');
      const links = ofType(lockedDown, 'Microsoft.Network/privateDnsZones/virtualNetworkLinks');
      assert.equal(links.length, zones.length);
      for (const zone of zones) {
        const link = links.find((l) => l.name.startsWith(`[format('{0}/{1}', ${zone.name.slice(1, -1)}, `));
        assert.equal(link?.properties?.virtualNetwork.id, vnet.id, `${zone.name} linked to the network`);
        assert.equal(link?.properties?.registrationEnabled, false);
      }
      const groups = ofType(lockedDown, 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups');
      const zoneOf = new Map(zones.map((z) => [z.id, inAzureCloud(z.name)]));
      const byService = Object.fromEntries(groups.map((g) => [/-pe-(\w+)-/.exec(g.name)?.[1], zoneOf.get(g.properties?.privateDnsZoneConfigs[0].properties.privateDnsZoneId)]));
      assert.deepEqual(byService, { blob: 'privatelink.blob.core.windows.net', table: 'privatelink.table.core.windows.net', vault: 'privatelink.vaultcore.azure.net' });
    });

    it('on: the app integrates through a subnet delegated to Microsoft.App/environments, leaving through a NAT gateway', () => {
      const [vnet] = ofType(lockedDown, 'Microsoft.Network/virtualNetworks');
      const subnets = new Map((vnet.properties?.subnets as { name: string; properties: Record<string, any> }[]).map((s) => [s.name, s.properties]));
      const app = subnets.get('app');
      assert.deepEqual(app?.delegations.map((d: { properties: { serviceName: string } }) => d.properties.serviceName), ['Microsoft.App/environments']);
      const [nat] = ofType(lockedDown, 'Microsoft.Network/natGateways');
      assert.equal(app?.natGateway.id, nat.id);
      const [nsg] = ofType(lockedDown, 'Microsoft.Network/networkSecurityGroups');
      for (const [name, subnet] of subnets) {
        assert.equal(subnet.networkSecurityGroup.id, nsg.id, `${name} has a network security group`);
        assert.equal(subnet.defaultOutboundAccess, false, `${name}: no implicit outbound`);
      }
      assert.equal(subnets.get('private-endpoints')?.privateEndpointNetworkPolicies, 'Disabled');
      assert.equal(ofType(lockedDown, 'Microsoft.Web/sites')[0].properties?.virtualNetworkSubnetId, `${vnet.id}/subnets/app`);
      assert.match(String(lockedDown.outputs.OUTBOUND_IP_ADDRESS), /\/publicIPAddresses\/hunts-natip-[a-z0-9]+', '[\d-]+'\)\.ipAddress\]$/);
    });
  });

  describe('analystsGroupId', () => {
    const analystRoles = (snap: Snapshot) => ofType(snap, 'Microsoft.Authorization/roleAssignments').filter((r) => r.properties?.principalType === 'Group');

    it('set: Storage Table Data Reader for that group on the findings, runs and suppressions tables only', () => {
      const roles = analystRoles(lockedDown);
      assert.equal(roles.length, 3);
      for (const r of roles) {
        assert.equal(r.properties?.principalId, ANALYSTS);
        assert.match(r.properties?.roleDefinitionId, new RegExp(`${ROLE.storageTableDataReader}$`));
      }
      const scopes = roles.map((r) => JSON.stringify(r)).map((text) => /tableServices\/default\/tables\/(\w+)|'Microsoft\.Storage\/storageAccounts\/tableServices\/tables', [^)]*'default', '(\w+)'\)/.exec(text)?.slice(1).find(Boolean));
      assert.deepEqual(scopes.sort(), ['findings', 'runs', 'suppressions']);
    });

    it('empty: no one but the app gets a data role', () => {
      assert.deepEqual(analystRoles(snapshot), []);
    });

    it('declares exactly the tables the app uses, so the roles have something to be scoped to', () => {
      const declared = ofType(snapshot, 'Microsoft.Storage/storageAccounts/tableServices/tables').map((t) => t.name.split('/').pop());
      assert.deepEqual(declared.sort(), Object.values(tableNames('')).sort());
    });

    it('refuses a group name where the object id belongs', async () => {
      const run = await runSnapshot(bicep, MAIN, tmp, 'wrong-group', { ...REQUIRED, analystsGroupId: 'SOC Analysts' });
      assert.notEqual(run.status, 0);
      assert.match(`${run.stderr}${run.stdout}`, /analystsGroupId \(ANALYSTS_GROUP_ID\) must be the object id \(a GUID\) of an Entra ID group/);
    });
  });

  describe('the findings API and tab (issue 10)', () => {
    it('gives the app its tenant, client id, page address and the workspace resource id', () => {
      assert.equal(appSettings.get('API_TENANT_ID'), SNAPSHOT_TARGET.tenantId);
      assert.equal(appSettings.get('API_CLIENT_ID'), '', 'empty: the API answers 503');
      assert.match(appSettings.get('FINDINGS_PAGE_URL') ?? '', /^\[format\('https:\/\/\{0\}\/api\/tab\/', reference\('[^']+\/providers\/Microsoft\.Web\/sites\/[^']+', '[\d-]+'\)\.defaultHostName\)\]$/);
      assert.equal(appSettings.get('LOG_ANALYTICS_WORKSPACE_RESOURCE_ID'), WORKSPACE_ID);
      assert.equal(settingsOf(lockedDown).get('API_CLIENT_ID'), API_CLIENT);
      assert.equal(appSettings.get('API_AUDIENCE'), undefined, 'no audience without a client id');
      assert.match(settingsOf(lockedDown).get('API_AUDIENCE') ?? '', new RegExp(`^\\[format\\('api://\\{0\\}/\\{1\\}', reference\\('[^']+/providers/Microsoft\\.Web/sites/[^']+', '[\\d-]+'\\)\\.defaultHostName, '${API_CLIENT}'\\)\\]$`), "Teams SSO's Application ID URI");
    });

    it('apiClientId set: App Service Authentication with that registration lets a browser sign in, anonymous calls still reach the API', () => {
      assert.equal(snapshot.predictedResources.filter((r) => r.name.endsWith('/authsettingsV2')).length, 0, 'off without a client id');
      const [auth] = lockedDown.predictedResources.filter((r) => r.name.endsWith('/authsettingsV2'));
      const p = auth?.properties ?? {};
      assert.equal(p.platform.enabled, true);
      assert.deepEqual(p.globalValidation, { requireAuthentication: false, unauthenticatedClientAction: 'AllowAnonymous' });
      const aad = p.identityProviders.azureActiveDirectory;
      assert.equal(aad.enabled, true);
      assert.equal(aad.registration.clientId, API_CLIENT);
      assert.equal(aad.registration.openIdIssuer, `[format('{0}{1}/v2.0', environment().authentication.loginEndpoint, '${SNAPSHOT_TARGET.tenantId}')]`);
      assert.ok(aad.validation.allowedAudiences.includes(`api://${API_CLIENT}`));
      assert.equal(p.login.tokenStore.enabled, true);
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

/** The site's app settings (the sites/config 'appsettings' resource) as the snapshot evaluated them. */
/** main.bicepparam's parameter values, built with PARAM_ENV and `env` as the only environment. */
function buildParams(bicep: string, env: Record<string, string>): Record<string, unknown> {
  const built = bicepJson(bicep, ['build-params', join(INFRA, 'main.bicepparam'), '--stdout'], { env: { ...PARAM_ENV, ...env } }) as { parametersJson: string };
  const params = JSON.parse(built.parametersJson).parameters as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.value]));
}

function settingsOf(snap: Snapshot): Map<string, string> {
  const config = snap.predictedResources.find((r) => r.type === 'Microsoft.Web/sites/config' && r.name.endsWith('/appsettings'));
  assert.ok(config?.properties, 'the snapshot has the app settings resource');
  return new Map(Object.entries(config.properties as Record<string, string>));
}

/** A private DNS zone name as it evaluates in AzureCloud (the snapshot leaves environment() unevaluated). */
function inAzureCloud(zoneName: string): string {
  const storage = /^\[format\('privatelink\.\{0\}\.\{1\}', '(\w+)', environment\(\)\.suffixes\.storage\)\]$/.exec(zoneName);
  if (storage) return `privatelink.${storage[1]}.core.windows.net`;
  if (zoneName === "[format('privatelink{0}', replace(environment().suffixes.keyvaultDns, '.vault.', '.vaultcore.'))]") return 'privatelink.vaultcore.azure.net';
  return zoneName;
}

function ofType(snap: Snapshot, type: string): Snapshot['predictedResources'] {
  return snap.predictedResources.filter((r) => r.type === type);
}

function huntSlugs(): string[] {
  return readdirSync(join(ROOT, 'hunts'))
    .filter((f) => /\.ya?ml$/.test(f) && f !== 'exclusions.yaml' && !/\.test\.ya?ml$/.test(f))
    .map((f) => f.replace(/\.ya?ml$/, ''))
    .sort();
}

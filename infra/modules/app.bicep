// Everything of the app inside its own resource group (main.bicep creates the group and grants the role on
// the Sentinel workspace, which lives elsewhere). Every resource is reached by one user-assigned identity;
// no key, connection secret or password exists outside Key Vault.
targetScope = 'resourceGroup'

import { secretNames } from 'keyVault.bicep'
import { stringMap } from 'types.bicep'

param environmentName string
param location string
param namePrefix string
@description('The Log Analytics workspace behind Sentinel: its resource id, and its workspace (customer) id the query API takes.')
param sentinelWorkspace { resourceId: string, customerId: string }
param huntSchedules { *: string }
param instanceMemoryMB int
param maximumInstanceCount int
param appLogsRetentionInDays int
param notifyTeams bool
param notifyWebhook bool
@secure()
param teamsWebhookUrl string
@secure()
param webhookUrl string
@secure()
param webhookSecret string
param webhookSource string
param alertEmail string
param vnetEnabled bool
param analystsGroupId string
param apiClientId string
param keyVaultPurgeProtection bool
param keyVaultRecover bool
param tags stringMap

// Stable per resource group and prefix, so a second deployment updates the same resources (and names stay
// what they were when this template was resource-group scoped).
var token = toLower(uniqueString(subscription().id, resourceGroup().id, namePrefix))

// Key Vault names are global and outlive `azd down` for 90 days as soft-deleted vaults: the name carries
// the environment, so another environment never collides, and the same environment finds its own vault to
// recover (keyVaultRecover). Vault names take letters, digits and single hyphens; azd environment names
// add only - _ . ( ), which are dropped.
var vaultEnvironment = take(toLower(replace(replace(replace(replace(replace(environmentName, '-', ''), '_', ''), '.', ''), '(', ''), ')', '')), 12)
var vaultToken = take(toLower(uniqueString(subscription().id, resourceGroup().id, namePrefix, environmentName)), 8)

var names = {
  identity: '${namePrefix}-id-${token}'
  plan: '${namePrefix}-plan-${token}'
  site: '${namePrefix}-func-${token}'
  storage: take(replace('${namePrefix}st${token}', '-', ''), 24)
  vault: empty(vaultEnvironment) ? 'kv-${vaultToken}' : 'kv-${vaultEnvironment}-${vaultToken}'
  logs: '${namePrefix}-log-${token}'
  appInsights: '${namePrefix}-appi-${token}'
}
var deploymentContainerName = 'app-package'

// The app's tables (src/store/tableClients.ts, no TABLES_PREFIX in Azure); analysts read findings, runs
// and the triage suppressions (who marked what a false positive, and why).
var tableNames = ['findings', 'runs', 'hunts', 'suppressions']
var analystTableNames = ['findings', 'runs', 'suppressions']

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: names.identity
  location: location
  tags: tags
}

module storage 'storage.bicep' = {
  name: '${namePrefix}-storage'
  params: {
    name: names.storage
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    identityId: identity.id
    principalId: identity.properties.principalId
    networkIsolated: vnetEnabled
    tableNames: tableNames
    analystTableNames: analystTableNames
    analystsGroupId: analystsGroupId
  }
}

module vault 'keyVault.bicep' = {
  name: '${namePrefix}-keyVault'
  params: {
    name: names.vault
    location: location
    tags: tags
    // Known only once the identity exists: what-if cannot name this role assignment beforehand.
    #disable-next-line what-if-short-circuiting
    principalId: identity.properties.principalId
    networkIsolated: vnetEnabled
    purgeProtection: keyVaultPurgeProtection
    recover: keyVaultRecover
    teamsWebhookUrl: teamsWebhookUrl
    webhookUrl: webhookUrl
    webhookSecret: webhookSecret
  }
}

module network 'network.bicep' = if (vnetEnabled) {
  name: '${namePrefix}-network'
  params: {
    namePrefix: namePrefix
    token: token
    location: location
    tags: tags
    storageAccountName: names.storage
    // The host keeps its locks and the deployment package in blobs; the app's findings are tables. No queues.
    storageServices: ['blob', 'table']
    vaultName: names.vault
  }
  dependsOn: [storage, vault]
}

module monitoring 'monitoring.bicep' = {
  name: '${namePrefix}-monitoring'
  params: {
    workspaceName: names.logs
    appInsightsName: names.appInsights
    location: location
    tags: tags
    identityId: identity.id
    principalId: identity.properties.principalId
    retentionInDays: appLogsRetentionInDays
  }
}

module alerts 'alerts.bicep' = {
  name: '${namePrefix}-alerts'
  params: {
    namePrefix: namePrefix
    location: location
    tags: tags
    appInsightsId: monitoring.outputs.appInsightsId
    alertEmail: alertEmail
  }
}

func keyVaultReference(vaultName string, secretName string) string =>
  '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${secretName})'

// Same rule as the app's scheduleSetting(): HUNT_SCHEDULE_<FILE NAME IN CAPITALS, "-" as "_">.
func scheduleSettingName(huntFileName string) string =>
  'HUNT_SCHEDULE_${toUpper(replace(replace(huntFileName, '-', '_'), '.', '_'))}'

var scheduleSettings = toObject(items(huntSchedules), s => scheduleSettingName(s.key), s => s.value)

var teamsSettings = notifyTeams ? { TEAMS_WEBHOOK_URL: keyVaultReference(vault.outputs.name, secretNames.teamsWebhookUrl) } : {}

var webhookSettings = notifyWebhook
  ? union(
      {
        WEBHOOK_URL: keyVaultReference(vault.outputs.name, secretNames.webhookUrl)
        WEBHOOK_SECRET: keyVaultReference(vault.outputs.name, secretNames.webhookSecret)
      },
      empty(webhookSource) ? {} : { WEBHOOK_SOURCE: webhookSource }
    )
  : {}

// The findings API and tab (src/api): tokens are checked against this tenant and the API's app
// registration; with API_CLIENT_ID empty the API answers 503 until it is set.
var apiSettings = {
  API_TENANT_ID: tenant().tenantId
  API_CLIENT_ID: apiClientId
  // The card's Defender and portal links open in this tenant.
  ENTRA_TENANT_ID: tenant().tenantId
  LOG_ANALYTICS_WORKSPACE_RESOURCE_ID: sentinelWorkspace.resourceId
}

module functionApp 'functionApp.bicep' = {
  name: '${namePrefix}-functionApp'
  params: {
    planName: names.plan
    siteName: names.site
    location: location
    tags: tags
    identityId: identity.id
    identityClientId: identity.properties.clientId
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    storageAccountName: storage.outputs.name
    virtualNetworkSubnetId: vnetEnabled ? network!.outputs.appSubnetId : ''
    apiClientId: apiClientId
    appSettings: union(
      {
        AZURE_CLIENT_ID: identity.properties.clientId
        LOG_ANALYTICS_WORKSPACE_ID: sentinelWorkspace.customerId
        TABLES_ACCOUNT_URL: storage.outputs.tableEndpoint
        APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
        // Entra ID ingestion takes the identity's client id (not its principal id).
        APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
        // Stack traces in Application Insights point into src/ through index.js.map, not the minified bundle.
        NODE_OPTIONS: '--enable-source-maps'
      },
      apiSettings,
      teamsSettings,
      webhookSettings,
      scheduleSettings
    )
  }
}

output functionAppName string = functionApp.outputs.name
output findingsPageUrl string = functionApp.outputs.findingsPageUrl
output keyVaultName string = vault.outputs.name
output storageAccountName string = storage.outputs.name
output tablesAccountUrl string = storage.outputs.tableEndpoint
output identityClientId string = identity.properties.clientId
output identityPrincipalId string = identity.properties.principalId
output outboundIpAddress string = vnetEnabled ? network!.outputs.outboundIpAddress : ''

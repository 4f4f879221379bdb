// scheduled-hunts: threat hunts on a timer in Azure Functions (Flex Consumption), findings kept in Table
// Storage, notices to Teams and a webhook. Everything is reached by one user-assigned identity; no key,
// connection secret or password exists outside Key Vault.
targetScope = 'resourceGroup'

import { secretNames } from 'modules/keyVault.bicep'
import { stringMap } from 'modules/types.bicep'

@description('Azure region for every resource of the app (the Sentinel workspace stays where it is).')
param location string = resourceGroup().location

@description('Short name that starts every resource name: 2 to 10 lowercase letters, digits or hyphens, starting with a letter.')
@minLength(2)
@maxLength(10)
param namePrefix string = 'hunts'

@description('Resource id of the Log Analytics workspace behind Microsoft Sentinel: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>. It may be in another resource group or subscription.')
param sentinelWorkspaceId string

@description('Per-hunt schedule overrides: hunt file name without .yaml -> six-field NCRONTAB in UTC, e.g. { \'av-detections-with-source\': \'0 */15 * * * *\' }. Hunts not listed keep the schedule in their YAML.')
param huntSchedules { *: string } = {}

@description('Memory of each Flex Consumption instance, in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Most instances the app may scale out to. Timers run each hunt once per tick, so a small number suffices; it also caps cost.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Days the app\'s own logs stay in its Application Insights workspace.')
@minValue(30)
@maxValue(730)
param appLogsRetentionInDays int = 30

@description('Post new findings to Teams. The URL is read from Key Vault secret teams-webhook-url.')
param notifyTeams bool = true

@description('Send new findings to the ticketing webhook. URL and signing secret are read from Key Vault secrets webhook-url and webhook-signing-secret.')
param notifyWebhook bool = true

@description('Teams Workflows webhook URL ("When a Teams webhook request is received"). Empty keeps the value already in Key Vault.')
@secure()
param teamsWebhookUrl string = ''

@description('Ticketing webhook URL (https). Empty keeps the value already in Key Vault.')
@secure()
param webhookUrl string = ''

@description('Standard Webhooks signing secret, "whsec_" + base64 of 24 to 64 random bytes. Empty keeps the value already in Key Vault.')
@secure()
param webhookSecret string = ''

@description('CloudEvents "source" of the webhook events; empty uses the app\'s default.')
param webhookSource string = ''

@description('Email address that receives the alerts (a hunt run failed, a hunt overdue, the watchdog silent, notices dead-lettered). Empty deploys the alert rules without notifying anyone: they show only in the portal under Monitor > Alerts.')
param alertEmail string = ''

@description('Tags for every resource; azd adds azd-env-name.')
param tags stringMap = {}

// Stable per resource group and prefix, so a second deployment updates the same resources.
var token = toLower(uniqueString(subscription().id, resourceGroup().id, namePrefix))
var names = {
  identity: '${namePrefix}-id-${token}'
  plan: '${namePrefix}-plan-${token}'
  site: '${namePrefix}-func-${token}'
  storage: take(replace('${namePrefix}st${token}', '-', ''), 24)
  vault: take('${namePrefix}-kv-${token}', 24)
  logs: '${namePrefix}-log-${token}'
  appInsights: '${namePrefix}-appi-${token}'
}
var deploymentContainerName = 'app-package'

// /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.OperationalInsights/workspaces/{name}
var workspaceIdParts = split(sentinelWorkspaceId, '/')

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: names.identity
  location: location
  tags: tags
}

module storage 'modules/storage.bicep' = {
  name: '${namePrefix}-storage'
  params: {
    name: names.storage
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    identityId: identity.id
    principalId: identity.properties.principalId
  }
}

module vault 'modules/keyVault.bicep' = {
  name: '${namePrefix}-keyVault'
  params: {
    name: names.vault
    location: location
    tags: tags
    identityId: identity.id
    principalId: identity.properties.principalId
    teamsWebhookUrl: teamsWebhookUrl
    webhookUrl: webhookUrl
    webhookSecret: webhookSecret
  }
}

module monitoring 'modules/monitoring.bicep' = {
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

module alerts 'modules/alerts.bicep' = {
  name: '${namePrefix}-alerts'
  params: {
    namePrefix: namePrefix
    location: location
    tags: tags
    appInsightsId: monitoring.outputs.appInsightsId
    alertEmail: alertEmail
  }
}

module sentinelReader 'modules/sentinelReader.bicep' = {
  name: 'sentinelReader-${token}'
  scope: resourceGroup(workspaceIdParts[2], workspaceIdParts[4])
  params: {
    workspaceName: last(workspaceIdParts)
    identityId: identity.id
    principalId: identity.properties.principalId
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

module functionApp 'modules/functionApp.bicep' = {
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
    appSettings: union(
      {
        AZURE_CLIENT_ID: identity.properties.clientId
        LOG_ANALYTICS_WORKSPACE_ID: sentinelReader.outputs.customerId
        TABLES_ACCOUNT_URL: storage.outputs.tableEndpoint
        APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
        // Entra ID ingestion takes the identity's client id (not its principal id).
        APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
        // Stack traces in Application Insights point into src/ through index.js.map, not the minified bundle.
        NODE_OPTIONS: '--enable-source-maps'
      },
      teamsSettings,
      webhookSettings,
      scheduleSettings
    )
  }
}

output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_KEY_VAULT_NAME string = vault.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_CLIENT_ID string = identity.properties.clientId
output AZURE_PRINCIPAL_ID string = identity.properties.principalId
output LOG_ANALYTICS_WORKSPACE_ID string = sentinelReader.outputs.customerId

// scheduled-hunts: threat hunts on a timer in Azure Functions (Flex Consumption), findings kept in Table
// Storage, notices to Teams and a webhook. Subscription scope, as `azd up` expects: it creates the resource
// group (rg-<environment>), deploys the app into it (modules/app.bicep), and grants the app read access to
// the Sentinel workspace wherever that lives.
targetScope = 'subscription'

import { roles } from 'modules/roles.bicep'

@description('azd environment name (AZURE_ENV_NAME): names the resource group and the Key Vault, and tags every resource.')
@minLength(1)
@maxLength(64)
param environmentName string

// Regions with Flex Consumption, as Microsoft's Flex Consumption azd quickstart lists them; the live list is
// `az functionapp list-flexconsumption-locations`. A region outside it fails here, before anything is created.
@description('Azure region for the resource group and every resource of the app (the Sentinel workspace stays where it is).')
@allowed([
  'australiaeast'
  'australiasoutheast'
  'brazilsouth'
  'canadacentral'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'italynorth'
  'japaneast'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southafricanorth'
  'southcentralus'
  'southeastasia'
  'southindia'
  'spaincentral'
  'swedencentral'
  'uaenorth'
  'uksouth'
  'ukwest'
  'westcentralus'
  'westeurope'
  'westus'
  'westus2'
  'westus3'
])
@metadata({ azd: { type: 'location' } })
param location string

@description('Resource group to create or update; empty: rg-<environmentName>.')
param resourceGroupName string = ''

@description('Short name that starts every resource name: 2 to 10 lowercase letters, digits or hyphens, starting with a letter.')
@minLength(2)
@maxLength(10)
param namePrefix string = 'hunts'

@description('Resource id of the Log Analytics workspace behind Microsoft Sentinel: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>. It may be in another resource group or subscription.')
param sentinelWorkspaceId string

@description('Workspace (customer) id of that workspace, a GUID. Empty: read from the workspace, which needs read access to it; set it when the deployer has none.')
param sentinelWorkspaceCustomerId string = ''

@description('Grant the app Log Analytics Data Reader on the Sentinel workspace. Needs roleAssignments/write there; false when that belongs to another team, who then runs the README\'s `az role assignment create`.')
param assignSentinelReader bool = true

@description('Network isolation: the app joins a virtual network, storage and Key Vault get private endpoints and private DNS zones, and their public network access is off.')
param vnetEnabled bool = false

@description('Object id of the Entra ID group of analysts, given Storage Table Data Reader on the findings and runs tables. Empty: no one.')
param analystsGroupId string = ''

@description('Application (client) id of the findings API\'s Entra ID app registration. Empty: the API answers 503 until it is set; set, App Service Authentication lets a plain browser sign in.')
param apiClientId string = ''

@description('Key Vault purge protection. On, the vault\'s name stays taken for 90 days after `azd down` (recover it with keyVaultRecover); off, `azd down --purge` frees it. Once on, it cannot be turned off.')
param keyVaultPurgeProtection bool = true

@description('Recover this environment\'s soft-deleted Key Vault, with its secrets, instead of creating one: for the first `azd up` after `azd down`. Fails when there is no deleted vault to recover.')
param keyVaultRecover bool = false

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

@description('Tags for every resource, besides azd-env-name.')
param tags { *: string } = {}

var allTags = union(tags, { 'azd-env-name': environmentName })

// A GUID or a name where the resource id belongs would otherwise fail deep in ARM ("index out of bounds").
// /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.OperationalInsights/workspaces/{name}
// Padded so that checking a short value never reads past its end.
var workspaceIdSegments = split(sentinelWorkspaceId, '/')
var workspaceIdParts = concat(workspaceIdSegments, ['', '', '', '', '', '', '', '', ''])
var isWorkspaceId = length(workspaceIdSegments) == 9 && empty(workspaceIdParts[0]) && workspaceIdParts[1] =~ 'subscriptions' && length(workspaceIdParts[2]) == 36 && workspaceIdParts[3] =~ 'resourceGroups' && !empty(workspaceIdParts[4]) && workspaceIdParts[5] =~ 'providers' && workspaceIdParts[6] =~ 'Microsoft.OperationalInsights' && workspaceIdParts[7] =~ 'workspaces' && !empty(workspaceIdParts[8])
var workspace = isWorkspaceId
  ? { subscriptionId: workspaceIdParts[2], resourceGroup: workspaceIdParts[4], name: workspaceIdParts[8] }
  : fail('sentinelWorkspaceId (SENTINEL_WORKSPACE_ID) is "${take(sentinelWorkspaceId, 120)}", not the resource id of a Log Analytics workspace. Pass the whole resource id, /subscriptions/<subscription id>/resourceGroups/<resource group>/providers/Microsoft.OperationalInsights/workspaces/<workspace name>: in the portal, the workspace > Properties > Resource ID, or `az monitor log-analytics workspace show -g <resource group> -n <workspace name> --query id -o tsv`. The workspace id (a GUID) or the name alone is not enough.')

func isGuid(value string) bool => length(value) == 36 && length(split(value, '-')) == 5

var customerId = empty(sentinelWorkspaceCustomerId) || isGuid(sentinelWorkspaceCustomerId)
  ? sentinelWorkspaceCustomerId
  : fail('sentinelWorkspaceCustomerId (SENTINEL_WORKSPACE_CUSTOMER_ID) must be the workspace id, a GUID (the workspace > Overview > Workspace ID), or empty to read it from the workspace.')
var analysts = empty(analystsGroupId) || isGuid(analystsGroupId)
  ? analystsGroupId
  : fail('analystsGroupId (ANALYSTS_GROUP_ID) must be the object id (a GUID) of an Entra ID group: `az ad group show -g <group name> --query id -o tsv`, or empty for no analysts\' role.')
var apiClient = empty(apiClientId) || isGuid(apiClientId)
  ? apiClientId
  : fail('apiClientId (API_CLIENT_ID) must be the application (client) id, a GUID, of the findings API\'s app registration, or empty to leave the API off.')

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  location: location
  tags: allTags
}

// Read only when its customer id is not given: a GET, no deployment in the workspace's group.
resource sentinelWorkspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' existing = if (empty(customerId)) {
  scope: resourceGroup(workspace.subscriptionId, workspace.resourceGroup)
  name: workspace.name
}

module app 'modules/app.bicep' = {
  name: '${namePrefix}-app'
  scope: rg
  params: {
    environmentName: environmentName
    location: location
    namePrefix: namePrefix
    sentinelWorkspace: {
      resourceId: sentinelWorkspaceId
      customerId: empty(customerId) ? sentinelWorkspace!.properties.customerId : customerId
    }
    huntSchedules: huntSchedules
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    appLogsRetentionInDays: appLogsRetentionInDays
    notifyTeams: notifyTeams
    notifyWebhook: notifyWebhook
    teamsWebhookUrl: teamsWebhookUrl
    webhookUrl: webhookUrl
    webhookSecret: webhookSecret
    webhookSource: webhookSource
    alertEmail: alertEmail
    vnetEnabled: vnetEnabled
    analystsGroupId: analysts
    apiClientId: apiClient
    keyVaultPurgeProtection: keyVaultPurgeProtection
    keyVaultRecover: keyVaultRecover
    tags: allTags
  }
}

module sentinelReader 'modules/sentinelReader.bicep' = if (assignSentinelReader) {
  name: 'sentinelReader-${uniqueString(subscription().id, environmentName, namePrefix)}'
  scope: resourceGroup(workspace.subscriptionId, workspace.resourceGroup)
  params: {
    workspaceName: workspace.name
    // Known only once the identity exists: what-if cannot name this role assignment beforehand.
    #disable-next-line what-if-short-circuiting
    principalId: app.outputs.identityPrincipalId
  }
}

// Names of azd's own (AZURE_ENV_NAME, AZURE_LOCATION, AZURE_SUBSCRIPTION_ID, AZURE_PRINCIPAL_ID, the
// signed-in user) are never outputs: azd writes outputs into .azure/<env>/.env over its own values.
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = app.outputs.functionAppName
output AZURE_KEY_VAULT_NAME string = app.outputs.keyVaultName
output AZURE_STORAGE_ACCOUNT_NAME string = app.outputs.storageAccountName
output TABLES_ACCOUNT_URL string = app.outputs.tablesAccountUrl
output FINDINGS_PAGE_URL string = app.outputs.findingsPageUrl
output FUNCTION_IDENTITY_CLIENT_ID string = app.outputs.identityClientId
output FUNCTION_IDENTITY_PRINCIPAL_ID string = app.outputs.identityPrincipalId
output LOG_ANALYTICS_WORKSPACE_ID string = empty(customerId) ? sentinelWorkspace!.properties.customerId : customerId
@description('What the workspace owner runs when assignSentinelReader is false (or the deployer lacked the right); empty when the deployment granted the role itself.')
output SENTINEL_READER_COMMAND string = assignSentinelReader
  ? ''
  : 'az role assignment create --assignee-object-id ${app.outputs.identityPrincipalId} --assignee-principal-type ServicePrincipal --role ${roles.logAnalyticsDataReader} --scope ${sentinelWorkspaceId}'
@description('The address the app\'s outbound traffic leaves from when vnetEnabled (a NAT gateway), for a ticketing system\'s allow-list; empty otherwise.')
output OUTBOUND_IP_ADDRESS string = app.outputs.outboundIpAddress

// The notifier secrets. App settings reference them by name (latest version), so a secret rotated with
// `az keyvault secret set` is picked up without a deployment, and a deployment that passes no value
// leaves the stored one alone.
import { roles } from 'roles.bicep'
import { stringMap } from 'types.bicep'

param name string
param location string
param tags stringMap
@description('Resource id of the Function App identity; names the role assignments, so they are known before deployment.')
param identityId string
@description('Principal (object) id of that identity.')
param principalId string
@secure()
param teamsWebhookUrl string
@secure()
param webhookUrl string
@secure()
param webhookSecret string

@export()
var secretNames = {
  teamsWebhookUrl: 'teams-webhook-url'
  webhookUrl: 'webhook-url'
  webhookSecret: 'webhook-signing-secret'
}

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource teamsSecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (!empty(teamsWebhookUrl)) {
  parent: vault
  name: secretNames.teamsWebhookUrl
  properties: { value: teamsWebhookUrl, contentType: 'Teams Workflows webhook URL' }
}

resource webhookUrlSecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (!empty(webhookUrl)) {
  parent: vault
  name: secretNames.webhookUrl
  properties: { value: webhookUrl, contentType: 'Ticketing webhook URL' }
}

resource webhookSigningSecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (!empty(webhookSecret)) {
  parent: vault
  name: secretNames.webhookSecret
  properties: { value: webhookSecret, contentType: 'Standard Webhooks signing secret (whsec_...)' }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identityId, roles.keyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output name string = vault.name

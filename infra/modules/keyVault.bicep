// The notifier secrets. App settings reference them by name (latest version), so a secret rotated with
// `az keyvault secret set` is picked up without a deployment, and a deployment that passes no value
// leaves the stored one alone.
import { roles } from 'roles.bicep'
import { stringMap } from 'types.bicep'

param name string
param location string
param tags stringMap
@description('Principal (object) id of the Function App identity.')
param principalId string
@description('Public network access off: reached only through a private endpoint (network.bicep).')
param networkIsolated bool
@description('Purge protection: once on it cannot be turned off, and the name stays taken for 90 days after `azd down`.')
param purgeProtection bool
@description('Recover the soft-deleted vault of this name (after `azd down`) instead of creating one; fails if there is none.')
param recover bool
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
  // Purge protection is left out rather than set to false: Key Vault refuses false on a vault that once had it.
  properties: union(
    {
      tenantId: subscription().tenantId
      sku: { family: 'A', name: 'standard' }
      enableRbacAuthorization: true
      createMode: recover ? 'recover' : 'default'
      enableSoftDelete: true
      softDeleteRetentionInDays: 90
      publicNetworkAccess: networkIsolated ? 'Disabled' : 'Enabled'
      networkAcls: networkIsolated
        ? { defaultAction: 'Deny', bypass: 'None' }
        : { defaultAction: 'Allow', bypass: 'AzureServices' }
    },
    purgeProtection ? { enablePurgeProtection: true } : {}
  )
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

// Named by the principal, not the identity's resource id: a vault recovered after `azd down` may come
// back with the old identity's assignment, and an assignment cannot be moved to a new principal.
resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, principalId, roles.keyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output name string = vault.name

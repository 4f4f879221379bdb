// The Functions host's storage (deployment package, timer locks) and this project's tables, reached by
// the app's identity only: no account key exists that could leak.
import { roles } from 'roles.bicep'
import { stringMap } from 'types.bicep'

param name string
param location string
param tags stringMap
param deploymentContainerName string
@description('Resource id of the Function App identity; names the role assignments, so they are known before deployment.')
param identityId string
@description('Principal (object) id of that identity.')
param principalId string
@description('Public network access off: reached only through private endpoints (network.bicep).')
param networkIsolated bool
@description('The tables the app keeps (created here so roles can be scoped to them; the app creates any that are missing).')
param tableNames string[]
@description('Of those, the ones analysts may read.')
param analystTableNames string[]
@description('Object id of the Entra ID group given Storage Table Data Reader on analystTableNames; empty: no one.')
param analystsGroupId string

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: networkIsolated ? 'Disabled' : 'Enabled'
    networkAcls: networkIsolated
      ? { defaultAction: 'Deny', bypass: 'None' }
      : { defaultAction: 'Allow', bypass: 'AzureServices' }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-06-01' = {
  parent: account
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: { publicAccess: 'None' }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2026-06-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2026-06-01' = [
  for table in tableNames: {
    parent: tableService
    name: table
  }
]

// Analysts read findings in the portal's Storage browser or Storage Explorer; scoped to each table, so
// the host's blobs and the app's leases stay out of reach.
resource analystReaders 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (table, i) in tableNames: if (!empty(analystsGroupId) && contains(analystTableNames, table)) {
    scope: tables[i]
    name: guid(tables[i].id, analystsGroupId, roles.storageTableDataReader)
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataReader)
      principalId: analystsGroupId
      principalType: 'Group'
    }
  }
]

// Owner, not Contributor: the Functions host manages blob leases and its own containers.
resource blobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: account
  name: guid(account.id, identityId, roles.storageBlobDataOwner)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: account
  name: guid(account.id, identityId, roles.storageTableDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output tableEndpoint string = account.properties.primaryEndpoints.table
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainer.name}'

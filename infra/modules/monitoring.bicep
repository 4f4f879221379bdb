// Application Insights for the app's own logs, in a small workspace of its own: the Sentinel workspace
// bills ingestion at Sentinel rates and its readers should not see the app's traces.
import { roles } from 'roles.bicep'
import { stringMap } from 'types.bicep'

param workspaceName string
param appInsightsName string
param location string
param tags stringMap
@description('Resource id of the Function App identity; names the role assignments, so they are known before deployment.')
param identityId string
@description('Principal (object) id of that identity.')
param principalId string
param retentionInDays int

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // Entra ID only: the connection string's instrumentation key alone cannot ingest.
    DisableLocalAuth: true
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: appInsights
  name: guid(appInsights.id, identityId, roles.monitoringMetricsPublisher)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output connectionString string = appInsights.properties.ConnectionString
output appInsightsId string = appInsights.id

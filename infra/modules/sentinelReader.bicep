// Deployed into the Sentinel workspace's resource group, which may differ from the app's (and be in
// another subscription): read access to that one workspace, nothing around it.
import { roles } from 'roles.bicep'

param workspaceName string
@description('Resource id of the Function App identity; names the role assignments, so they are known before deployment.')
param identityId string
@description('Principal (object) id of that identity.')
param principalId string

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' existing = {
  name: workspaceName
}

resource dataReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: workspace
  name: guid(workspace.id, identityId, roles.logAnalyticsDataReader)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.logAnalyticsDataReader)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

@description('The workspace (customer) id the query API takes; not a secret.')
output customerId string = workspace.properties.customerId

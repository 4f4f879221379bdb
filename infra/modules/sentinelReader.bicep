// Deployed into the Sentinel workspace's resource group, which may differ from the app's (and be in
// another subscription): read access to that one workspace, nothing around it. Needs
// Microsoft.Authorization/roleAssignments/write there; without it, assignSentinelReader=false and the
// workspace owner runs the README's `az role assignment create`.
import { roles } from 'roles.bicep'

param workspaceName string
@description('Principal (object) id of the Function App identity.')
param principalId string

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' existing = {
  name: workspaceName
}

// Named by the principal: this assignment outlives `azd down` (the workspace is not the app's), and the
// next `azd up` creates a new identity that an assignment of the same name could not be moved to.
resource dataReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: workspace
  name: guid(workspace.id, principalId, roles.logAnalyticsDataReader)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.logAnalyticsDataReader)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// The Function App on Flex Consumption. Runtime and deployment come from functionAppConfig; none of the
// older plans' settings (FUNCTIONS_WORKER_RUNTIME, WEBSITE_RUN_FROM_PACKAGE, WEBSITE_CONTENT*,
// linuxFxVersion, a keyed AzureWebJobsStorage) belong here.
import { stringMap } from 'types.bicep'

param planName string
param siteName string
param location string
param tags stringMap
param identityId string
param identityClientId string
param deploymentContainerUrl string
@allowed([512, 2048, 4096])
param instanceMemoryMB int
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int
@description('App settings beyond the host storage ones; Key Vault references stay references.')
param appSettings stringMap
param storageAccountName string
@description('Subnet (delegated to Microsoft.App/environments) the app integrates with; empty: no virtual network.')
param virtualNetworkSubnetId string
@description('Application (client) id of the findings API\'s Entra ID app registration; empty leaves App Service Authentication off.')
param apiClientId string

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

var hostStorage = {
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: siteName
  location: location
  // azd finds the app to deploy to by this tag (azure.yaml's service name).
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: { name: 'node', version: '22' }
    }
  }
}

var findingsPageUrl = 'https://${site.properties.defaultHostName}/api/tab/'
// Teams SSO tokens are for the Application ID URI Teams requires, api://<the tab's host>/<client id>.
var teamsAudience = empty(apiClientId) ? {} : { API_AUDIENCE: 'api://${site.properties.defaultHostName}/${apiClientId}' }

// Set apart from the site because the tab's address is the site's own host name, known only once it exists.
resource settings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, hostStorage, { FINDINGS_PAGE_URL: findingsPageUrl }, teamsAudience)
}

// The API checks every token itself; sign-in here only lets a plain browser (outside Teams) get one, so
// anonymous requests still reach the app, which answers 401 without a valid token.
resource auth 'Microsoft.Web/sites/config@2025-03-01' = if (!empty(apiClientId)) {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: { requireHttps: true }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: apiClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          // The client id itself, the usual Application ID URI, and the one Teams SSO requires.
          allowedAudiences: [apiClientId, 'api://${apiClientId}', 'api://${site.properties.defaultHostName}/${apiClientId}']
        }
      }
    }
    login: {
      tokenStore: { enabled: true }
    }
  }
}

// Deployments go through Entra ID (azd, az CLI); publishing user names and passwords are switched off.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: { allow: false }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: { allow: false }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
output findingsPageUrl string = findingsPageUrl

// 跟进督办 on Azure, all of it:
// - a Storage account (Table Storage for the data, a blob container for the function app's deployment package);
// - the Function App on a Flex Consumption plan (Linux, Node 20, Functions v4), with a system-assigned identity
//   (deployment package, and Microsoft Graph sendMail when MAIL_GRAPH_SENDER is used) and App Service
//   Authentication (Entra ID) so that x-ms-client-principal is genuine;
// - Application Insights, workspace-based (a Log Analytics workspace), wired as APPLICATIONINSIGHTS_CONNECTION_STRING;
// - a Static Web App that serves the add-in (dist/addin) over HTTPS; the production manifest points at it
//   (npm run manifest -- --host <addinUrl output> --api <apiUrl output>).
// Deploy:
//   az deployment group create -g <rg> -f infra/main.bicep -p entraClientId=<app id>
// then publish the functions (zip of dist/functions + host.json + package.json + production node_modules) and
// upload dist/addin to the Static Web App: .github/workflows/deploy.yml does all of it.

@description('Name prefix for the resources (lowercase letters and digits).')
param prefix string = 'duban'

@description('Region of the Function App, storage and monitoring (Flex Consumption must be offered there).')
param location string = resourceGroup().location

@description('Region of the Static Web App that serves the add-in (Static Web Apps run in a few regions only).')
@allowed([ 'eastasia', 'centralus', 'eastus2', 'westus2', 'westeurope' ])
param staticSiteLocation string = 'eastasia'

@description('Origin that serves the add-in, when not the Static Web App\'s own host (e.g. a custom domain). Empty: https://<static web app host>.')
param addinOrigin string = ''

@description('Entra ID app registration (client id) of the API; its app roles are office, leader, viewer, dept:<id>.')
param entraClientId string

param tenantId string = subscription().tenantId

@description('Reminder mail over SMTP: smtp://user:pass@host:port or smtps://… (empty: not used).')
@secure()
param mailSmtpUrl string = ''

@description('Sender address of SMTP reminder mails (with mailSmtpUrl).')
param mailFrom string = ''

@description('Mailbox that sends reminders through Microsoft Graph with the Function App\'s identity (empty: not used).')
param mailGraphSender string = ''

@description('Days Application Insights data is kept in the Log Analytics workspace.')
param logRetentionDays int = 90

var suffix = uniqueString(resourceGroup().id)
var storageName = take('${prefix}${suffix}', 24)
var deploymentContainerName = 'app-package'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  sku: { name: 'Standard_ZRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${prefix}-logs-${suffix}'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: logRetentionDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${prefix}-ai-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

// The add-in's static files (dist/addin), served over HTTPS at https://<defaultHostname>/taskpane.html.
resource addinSite 'Microsoft.Web/staticSites@2023-12-01' = {
  name: '${prefix}-addin-${suffix}'
  location: staticSiteLocation
  sku: { name: 'Free', tier: 'Free' }
  properties: {}
}

var addinUrl = empty(addinOrigin) ? 'https://${addinSite.properties.defaultHostname}' : addinOrigin

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${prefix}-plan-${suffix}'
  location: location
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  kind: 'functionapp'
  properties: { reserved: true }
}

var connection = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: '${prefix}-api-${suffix}'
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: { type: 'SystemAssignedIdentity' }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: 40, instanceMemoryMB: 2048 }
      runtime: { name: 'node', version: '20' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      cors: { allowedOrigins: [ addinUrl ] }
      // Every setting the code reads in production (functions/src/config.ts, reminders/senders.ts, telemetry.ts);
      // test/functions/infra.test.ts checks this list against the code.
      appSettings: [
        { name: 'AzureWebJobsStorage', value: connection }
        { name: 'STORAGE_CONNECTION_STRING', value: connection }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'DUBAN_CORS_ORIGINS', value: addinUrl }
        { name: 'DUBAN_TABLE_PREFIX', value: 'Duban' }
        { name: 'DUBAN_STORAGE_TIMEOUT_MS', value: '5000' }
        { name: 'DUBAN_VERSION', value: '1.0.0' }
        { name: 'MAIL_SMTP_URL', value: mailSmtpUrl }
        { name: 'MAIL_FROM', value: mailFrom }
        { name: 'MAIL_GRAPH_SENDER', value: mailGraphSender }
      ]
    }
  }
}

// The app reads and writes its deployment package with its own identity (Storage Blob Data Owner).
resource packageAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, app.id, 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource auth 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      excludedPaths: [ '/api/health', '/api/openapi.json' ]
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: entraClientId
          openIdIssuer: 'https://login.microsoftonline.com/${tenantId}/v2.0'
        }
        validation: { allowedAudiences: [ 'api://${entraClientId}', entraClientId ] }
      }
    }
  }
}

output apiUrl string = 'https://${app.properties.defaultHostName}/api'
output functionAppName string = app.name
output addinUrl string = addinUrl
output staticSiteName string = addinSite.name
output appInsightsName string = insights.name
output logAnalyticsWorkspaceName string = workspace.name
output managedIdentityPrincipalId string = app.identity.principalId

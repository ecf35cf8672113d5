// 跟进督办: Function App (Linux, Node 20, Functions v4) + Storage account (Tables) + Application Insights,
// with App Service Authentication (Entra ID) so that x-ms-client-principal is genuine.
// Deploy: az deployment group create -g <rg> -f infra/main.bicep -p addinOrigin=https://<host> entraClientId=<app id>
@description('Name prefix for the resources (lowercase letters and digits).')
param prefix string = 'duban'
param location string = resourceGroup().location
@description('Origin that hosts the add-in (allowed by CORS), e.g. https://duban-addin.azurestaticapps.net')
param addinOrigin string
@description('Entra ID app registration (client id) whose app roles are office, leader, viewer, dept:<id>.')
param entraClientId string
param tenantId string = subscription().tenantId

var suffix = uniqueString(resourceGroup().id)
var storageName = take('${prefix}${suffix}', 24)

resource storage 'Microsoft.Storage/storageAccounts@2023-01-01' = {
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

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${prefix}-ai-${suffix}'
  location: location
  kind: 'web'
  properties: { Application_Type: 'web' }
}

resource plan 'Microsoft.Web/serverfarms@2023-01-01' = {
  name: '${prefix}-plan-${suffix}'
  location: location
  sku: { name: 'Y1', tier: 'Dynamic' }
  kind: 'functionapp'
  properties: { reserved: true }
}

var connection = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'

resource app 'Microsoft.Web/sites@2023-01-01' = {
  name: '${prefix}-api-${suffix}'
  location: location
  kind: 'functionapp,linux'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'Node|20'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      cors: { allowedOrigins: [ addinOrigin ] }
      appSettings: [
        { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
        { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'node' }
        { name: 'AzureWebJobsStorage', value: connection }
        { name: 'STORAGE_CONNECTION_STRING', value: connection }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'DUBAN_CORS_ORIGINS', value: addinOrigin }
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
      ]
    }
  }
}

resource auth 'Microsoft.Web/sites/config@2023-01-01' = {
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

// DataStoryBot's Function App: Flex Consumption, .NET isolated worker, identity-based host storage
// and telemetry. `appSettings` carries the application's own settings (built in main.bicep).
param name string
param planName string
param location string
param tags object = {}

param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsConnectionString string

param instanceMemoryMB int
param maximumInstanceCount int

@description('The application\'s settings (sections DataStoryBot, Storage, OpenAI, BuiltIn, HealthCheck, Retention).')
param appSettings object

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

// Settings the Functions host itself reads. No connection string and no key anywhere:
// AzureWebJobsStorage (host locks, timers, Durable Task hub) uses the identity on the three services,
// and Application Insights authenticates with the identity (Authorization=AAD).
var hostSettings = {
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  // The web page is served at the site root by the GetPage function, not the host's "up and running" page.
  AzureWebJobsDisableHomepage: 'true'
}

module functionApp '../core/host/functions-flexconsumption.bicep' = {
  name: 'function-app'
  params: {
    name: name
    planName: planName
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    identityId: identityId
    deploymentContainerUrl: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
    runtimeName: 'dotnet-isolated'
    runtimeVersion: '10.0'
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    appSettings: union(appSettings, hostSettings)
  }
}

output name string = functionApp.outputs.name
output uri string = functionApp.outputs.uri

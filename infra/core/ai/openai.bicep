// Azure OpenAI account with one model deployment. Key authentication is disabled: the app calls the
// v1 endpoint (https://NAME.openai.azure.com/openai/v1/) with an Entra ID token of its managed identity.
param name string
param location string
param tags object = {}

@description('Deployment name; the app sends it as the model name.')
param deploymentName string

@description('Model to deploy, e.g. gpt-4.1.')
param modelName string

@description('Model version, e.g. 2025-04-14.')
param modelVersion string

@description('Deployment type: GlobalStandard, DataZoneStandard or Standard (all pay-per-token).')
@allowed([
  'GlobalStandard'
  'DataZoneStandard'
  'Standard'
])
param deploymentSkuName string = 'GlobalStandard'

@description('Rate limit in thousands of tokens per minute.')
@minValue(1)
param deploymentCapacity int = 10

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: {
    name: 'S0'
  }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource deployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: account
  name: deploymentName
  sku: {
    name: deploymentSkuName
    capacity: deploymentCapacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: modelName
      version: modelVersion
    }
  }
}

output name string = account.name
output deploymentName string = deployment.name
@description('The OpenAI-compatible v1 endpoint the OpenAI .NET library is pointed at.')
output v1Endpoint string = '${account.properties.endpoint}openai/v1/'

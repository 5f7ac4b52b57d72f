// DataStoryBot on Azure: `azd up` provisions this, then deploys DataStoryBot.Functions to it.
// Layout after Azure's Functions quickstarts: subscription scope, one resource group, local modules
// (registry modules are not used), names from abbreviations.json plus a resource token.
targetScope = 'subscription'

// ---------------------------------------------------------------------------------------------
// Environment (set by azd)
// ---------------------------------------------------------------------------------------------

@minLength(1)
@maxLength(64)
@description('azd environment name; part of the resource group name and of the resource token.')
param environmentName string

@minLength(1)
@description('Region for every resource. It must offer Flex Consumption (az functionapp list-flexconsumption-locations).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group name; empty uses rg-<environmentName>.')
param resourceGroupName string = ''

@description('Object id of the user running azd; gets Key Vault Secrets Officer to rotate keys. Empty: none.')
param principalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
@description('Kind of principal principalId is.')
param principalType string = 'User'

// ---------------------------------------------------------------------------------------------
// Function App size (Flex Consumption FC1: no always-ready instances, so nothing runs at idle)
// ---------------------------------------------------------------------------------------------

@allowed([
  512
  2048
  4096
])
@description('Memory of one instance in MB.')
param instanceMemoryMB int = 2048

@minValue(1)
@maxValue(1000)
@description('Upper bound on scale-out; also bounds the cost of a traffic spike.')
param maximumInstanceCount int = 40

// ---------------------------------------------------------------------------------------------
// Application settings, section DataStoryBot (defaults are the app's own, DataStoryBotOptions)
// ---------------------------------------------------------------------------------------------

@allowed([
  'builtin'
  'openai'
])
@description('Analysis engine: builtin (offline, deterministic, no model) or openai (Code Interpreter).')
param engine string = 'builtin'

@minValue(1)
@description('Uploads above this many bytes are rejected with 413.')
param maxUploadBytes int = 52428800

@minValue(1)
@description('Uploads above this many bytes get a "may be slow" warning.')
param warnUploadBytes int = 15728640

@minValue(1)
@maxValue(100000)
@description('Uploads whose header has more columns are rejected with 422.')
param maxColumns int = 2000

@description('Time budget of one upload request (TimeSpan, hh:mm:ss); past it the upload answers 408 and stores nothing.')
param uploadTimeout string = '00:05:00'

@minValue(1)
@description('Above this many rows the engine samples, and says so.')
param sampleRowThreshold int = 500000

@description('Hard limit on one model call (TimeSpan, d.hh:mm:ss).')
param modelCallTimeout string = '00:02:00'

@description('Deadline of one analysis phase; longer than modelCallTimeout.')
param phaseDeadline string = '00:10:00'

@description('Sessions are removed this long after their last activity.')
param sessionRetention string = '1.00:00:00'

@description('How long Idempotency-Key records are kept (at least 10 minutes).')
param idempotencyWindow string = '01:00:00'

// ---------------------------------------------------------------------------------------------
// Section OpenAI (OpenAIEngineOptions). Used when engine is openai.
// ---------------------------------------------------------------------------------------------

@description('Deploy an Azure OpenAI account and model and use it with the managed identity (no key).')
param deployAzureOpenAI bool = false

@description('Existing endpoint when deployAzureOpenAI is false: https://api.openai.com/v1 or https://RESOURCE.openai.azure.com/openai/v1/.')
param openAIEndpoint string = 'https://api.openai.com/v1'

@secure()
@description('API key of the existing endpoint; stored in Key Vault and referenced, never put in app settings. Empty: no key.')
param openAIApiKey string = ''

@description('The secret openai-api-key is already in the vault (rotated by hand): reference it even when openAIApiKey is empty.')
param openAIApiKeyInKeyVault bool = false

@description('Existing Azure OpenAI endpoint only: authenticate with the managed identity instead of a key.')
param openAIUseEntraId bool = false

@description('Model name (OpenAI) or deployment name (Azure OpenAI; also the name of the deployment created here).')
param openAIModel string = 'gpt-4.1'

@allowed([
  '1g'
  '4g'
  '16g'
  '64g'
])
@description('Code Interpreter container memory.')
param openAIContainerMemoryLimit string = '1g'

@minValue(1)
@maxValue(20)
@description('Idle TTL of a Code Interpreter container in minutes (OpenAI allows at most 20).')
param openAIContainerIdleMinutes int = 20

@minValue(1)
@description('Maximum output tokens of one model response.')
param openAIMaxOutputTokens int = 8000

@minValue(1)
@description('Failures within the sampling duration that open the circuit breaker.')
param openAIBreakerFailureThreshold int = 5

@description('Circuit breaker sampling window (TimeSpan).')
param openAIBreakerSamplingDuration string = '00:01:00'

@description('How long the circuit breaker stays open (TimeSpan).')
param openAIBreakerBreakDuration string = '00:01:00'

@minValue(0)
@description('Retries of a failed provider call (429/5xx) within the model-call budget.')
param openAIMaxRetries int = 3

@description('First retry delay of a provider call (TimeSpan); doubles each retry, or Retry-After when longer.')
param openAIRetryBaseDelay string = '00:00:00.8000000'

@description('Region of the Azure OpenAI account (model availability differs by region).')
param azureOpenAILocation string = location

@description('Model deployed when deployAzureOpenAI is true.')
param azureOpenAIModelName string = 'gpt-4.1'

@description('Version of that model.')
param azureOpenAIModelVersion string = '2025-04-14'

@allowed([
  'GlobalStandard'
  'DataZoneStandard'
  'Standard'
])
@description('Deployment type (all are pay-per-token).')
param azureOpenAIDeploymentType string = 'GlobalStandard'

@minValue(1)
@description('Deployment rate limit in thousands of tokens per minute.')
param azureOpenAICapacity int = 10

// ---------------------------------------------------------------------------------------------
// Sections BuiltIn, HealthCheck and Retention
// ---------------------------------------------------------------------------------------------

@description('Idle TTL of a built-in engine container (TimeSpan), as OpenAI\'s 20 minutes.')
param builtInContainerIdleTtl string = '00:20:00'

@description('NCRONTAB schedule (six fields) of the synthetic health check.')
param healthCheckSchedule string = '0 */5 * * * *'

@description('How long one synthetic health check may take before it counts as timed out (TimeSpan).')
param healthCheckTimeout string = '00:03:00'

@description('NCRONTAB schedule (six fields) of the retention sweep that removes sessions idle past sessionRetention.')
param retentionSchedule string = '0 15 * * * *'

@secure()
@description('Key that unlocks health details (X-Health-Key); stored in Key Vault. Empty: details never shown.')
param healthCheckKey string = ''

@description('The secret health-check-key is already in the vault: reference it even when healthCheckKey is empty.')
param healthCheckKeyInKeyVault bool = false

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }

// Blob containers and tables the application uses (StorageOptions defaults), plus the
// container Flex Consumption deploys packages from.
var uploadsContainer = 'uploads'
var artifactsContainer = 'artifacts'
var deploymentContainer = 'app-package'
var sessionsTable = 'sessions'
var idempotencyTable = 'idempotency'
var healthTable = 'health'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

// ---------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------

module identity 'core/identity/user-assigned-identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    containers: [
      uploadsContainer
      artifactsContainer
      deploymentContainer
    ]
    tables: [
      sessionsTable
      idempotencyTable
      healthTable
    ]
  }
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

module keyVault 'core/security/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
  }
}

module openAIKeySecret 'core/security/keyvault-secret.bicep' = if (!empty(openAIApiKey)) {
  name: 'openai-api-key'
  scope: rg
  params: {
    keyVaultName: keyVault.outputs.name
    name: openAIApiKeySecretName
    value: openAIApiKey
  }
}

module healthKeySecret 'core/security/keyvault-secret.bicep' = if (!empty(healthCheckKey)) {
  name: 'health-check-key'
  scope: rg
  params: {
    keyVaultName: keyVault.outputs.name
    name: healthCheckKeySecretName
    value: healthCheckKey
  }
}

module openAI 'core/ai/openai.bicep' = if (deployAzureOpenAI) {
  name: 'openai'
  scope: rg
  params: {
    name: '${abbrs.cognitiveServicesOpenAI}${resourceToken}'
    location: azureOpenAILocation
    tags: tags
    deploymentName: openAIModel
    modelName: azureOpenAIModelName
    modelVersion: azureOpenAIModelVersion
    deploymentSkuName: azureOpenAIDeploymentType
    deploymentCapacity: azureOpenAICapacity
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    identityPrincipalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: keyVault.outputs.name
    openAIAccountName: deployAzureOpenAI ? openAI.?outputs.name ?? '' : ''
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
}

// ---------------------------------------------------------------------------------------------
// The application's settings: every key it binds (DataStoryBot.Core/Configuration/*Options.cs),
// `__` standing for `:`. DataStoryBot.Tests/InfraTemplates/InfraSettingsTests.cs keeps this list and the
// options classes in step, and checks the parameter defaults above against the options' defaults.
// ---------------------------------------------------------------------------------------------

// Versionless Key Vault references: App Service resolves the latest secret version with the identity.
var openAIApiKeySecretName = 'openai-api-key'
var healthCheckKeySecretName = 'health-check-key'
var openAIKeyReferenced = !deployAzureOpenAI && !openAIUseEntraId && (!empty(openAIApiKey) || openAIApiKeyInKeyVault)
var healthKeyReferenced = !empty(healthCheckKey) || healthCheckKeyInKeyVault
var openAIApiKeySetting = openAIKeyReferenced
  ? '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.endpoint}secrets/${openAIApiKeySecretName})'
  : ''
var healthCheckKeySetting = healthKeyReferenced
  ? '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.endpoint}secrets/${healthCheckKeySecretName})'
  : ''

var appSettings = {
  DataStoryBot__Engine: engine
  DataStoryBot__MaxUploadBytes: string(maxUploadBytes)
  DataStoryBot__WarnUploadBytes: string(warnUploadBytes)
  DataStoryBot__MaxColumns: string(maxColumns)
  DataStoryBot__UploadTimeout: uploadTimeout
  DataStoryBot__SampleRowThreshold: string(sampleRowThreshold)
  DataStoryBot__ModelCallTimeout: modelCallTimeout
  DataStoryBot__PhaseDeadline: phaseDeadline
  DataStoryBot__SessionRetention: sessionRetention
  DataStoryBot__IdempotencyWindow: idempotencyWindow

  // Identity-based: the app uses the service URIs and the identity; no connection string.
  Storage__ConnectionString: ''
  Storage__BlobServiceUri: storage.outputs.blobEndpoint
  Storage__QueueServiceUri: storage.outputs.queueEndpoint
  Storage__TableServiceUri: storage.outputs.tableEndpoint
  Storage__ManagedIdentityClientId: identity.outputs.clientId
  Storage__UploadsContainer: uploadsContainer
  Storage__ArtifactsContainer: artifactsContainer
  Storage__SessionsTable: sessionsTable
  Storage__IdempotencyTable: idempotencyTable
  Storage__HealthTable: healthTable

  OpenAI__Endpoint: deployAzureOpenAI ? openAI.?outputs.v1Endpoint ?? '' : openAIEndpoint
  OpenAI__ApiKey: openAIApiKeySetting
  OpenAI__Model: openAIModel
  OpenAI__UseEntraId: string(deployAzureOpenAI || openAIUseEntraId)
  OpenAI__ManagedIdentityClientId: identity.outputs.clientId
  OpenAI__ContainerMemoryLimit: openAIContainerMemoryLimit
  OpenAI__ContainerIdleMinutes: string(openAIContainerIdleMinutes)
  OpenAI__MaxOutputTokens: string(openAIMaxOutputTokens)
  OpenAI__BreakerFailureThreshold: string(openAIBreakerFailureThreshold)
  OpenAI__BreakerSamplingDuration: openAIBreakerSamplingDuration
  OpenAI__BreakerBreakDuration: openAIBreakerBreakDuration
  OpenAI__MaxRetries: string(openAIMaxRetries)
  OpenAI__RetryBaseDelay: openAIRetryBaseDelay

  BuiltIn__ContainerIdleTtl: builtInContainerIdleTtl

  HealthCheck__Schedule: healthCheckSchedule
  HealthCheck__Key: healthCheckKeySetting
  HealthCheck__Timeout: healthCheckTimeout

  Retention__Schedule: retentionSchedule
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: '${abbrs.webSitesFunctions}${resourceToken}'
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainer
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    appSettings: appSettings
  }
  // Key Vault references and identity-based storage resolve only once the roles and secrets exist.
  dependsOn: [
    rbac
    openAIKeySecret
    healthKeySecret
  ]
}

// ---------------------------------------------------------------------------------------------
// Outputs (azd stores them in the environment's .env)
// ---------------------------------------------------------------------------------------------

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.endpoint
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_USER_ASSIGNED_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output AZURE_OPENAI_ENDPOINT string = deployAzureOpenAI ? openAI.?outputs.v1Endpoint ?? '' : ''
output DATASTORYBOT_ENGINE string = engine

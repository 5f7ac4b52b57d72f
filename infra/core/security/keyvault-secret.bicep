// One Key Vault secret. Re-running the deployment with a new value adds a new secret version.
param keyVaultName string
param name string

@secure()
param value string

param contentType string = 'text/plain'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: name
  properties: {
    value: value
    contentType: contentType
  }
}

@description('Versionless URI: Key Vault references built on it follow the latest version.')
output secretUri string = secret.properties.secretUri

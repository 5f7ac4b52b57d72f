// Key Vault in RBAC mode. It holds the optional secrets (an OpenAI API key, the health-details key);
// the app reads them through Key Vault references resolved by App Service with the managed identity.
param name string
param location string
param tags object = {}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

output name string = vault.name
output id string = vault.id
output endpoint string = vault.properties.vaultUri

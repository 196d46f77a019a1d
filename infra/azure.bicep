// License Desk in Azure, deployed by `arm/deploy` in m365agents.yml: App Service (Linux, Node 20) running the
// bot, and the Azure Bot that routes Teams to it. The bot's Entra app (BOT_ID, single tenant) is created
// before this by aadApp/create. Outputs are written back to env/.env.<env>.
//
// Scale-out (issue 7): `instanceCount` instances behind Azure Bot Service share one Azure Table Storage account
// (STORE=table); each instance reaches it with the web app's system-assigned managed identity, which holds
// "Storage Table Data Contributor" on that account (no storage keys anywhere; shared-key access is off).
//
// The app settings carry secrets (BOT_PASSWORD, GRAPH_CLIENT_SECRET) as plain settings; for production,
// move them to Key Vault references.

@maxLength(20)
@minLength(4)
@description('Prefix of every resource name')
param resourceBaseName string

param webAppSKU string = 'B1'

@minValue(1)
@maxValue(10)
@description('Bot instances (App Service plan workers). Basic allows up to 3; use S1/P0v3 or higher for more.')
param instanceCount int = 2

@description('Replication of the Table Storage account that holds requests, decisions, audit and conversation references')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
])
param storageSku string = 'Standard_ZRS'

@description('Prefix of the store\'s tables (STORE_TABLE_PREFIX)')
param storeTablePrefix string = 'licensedesk'

@maxLength(42)
param botDisplayName string = 'License Desk'

@description('Client id of the bot\'s Entra app (BOT_ID)')
param botAadAppClientId string

@secure()
param botAadAppClientSecret string

@description('Tenant of the bot\'s Entra app (single-tenant bot)')
param botTenantId string

@description('Tenant whose licenses License Desk manages')
param graphTenantId string = ''

@description('App registration with the Graph application permissions (User.Read.All, LicenseAssignment.ReadWrite.All, GroupMember.Read.All, Reports.Read.All, Organization.Read.All)')
param graphClientId string = ''

@secure()
param graphClientSecret string = ''

@description('Entra group whose members approve requests')
param approverGroupId string = ''

@description('Comma list of tenants allowed to talk to the bot (empty: the Graph tenant)')
param allowedTenantIds string = ''

param location string = resourceGroup().location

resource serverfarm 'Microsoft.Web/serverfarms@2022-09-01' = {
  name: resourceBaseName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSKU
    capacity: instanceCount
  }
  properties: {
    reserved: true // Linux
  }
}

// Requests, decisions, audit entries and conversation references, shared by every instance.
resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: '${take(toLower(replace(resourceBaseName, '-', '')), 21)}tbl'
  location: location
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false // Entra ID (managed identity) only
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

// The app creates missing tables at start-up too; declaring them here makes them part of the deployment.
resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for suffix in ['requests', 'index', 'audit', 'conversations']: {
    parent: tableService
    name: '${storeTablePrefix}${suffix}'
  }
]

resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  name: resourceBaseName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    // Any instance may take any activity: no sticky sessions (all state is in Table Storage).
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      appCommandLine: 'node lib/src/index.js'
      alwaysOn: true
      ftpsState: 'FtpsOnly'
      minTlsVersion: '1.2'
      healthCheckPath: '/healthz'
      appSettings: [
        // zipDeploy ships lib/ and node_modules/ built
        {
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1'
        }
        {
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false'
        }
        {
          name: 'NODE_ENV'
          value: 'production'
        }
        // /home is the persistent share (the embedded store's place; unused with STORE=table)
        {
          name: 'DATA_DIR'
          value: '/home/data/license-desk'
        }
        // Shared store for N instances, reached with the managed identity (DefaultAzureCredential)
        {
          name: 'STORE'
          value: 'table'
        }
        {
          name: 'AZURE_STORAGE_ACCOUNT_URL'
          value: storage.properties.primaryEndpoints.table
        }
        {
          name: 'STORE_TABLE_PREFIX'
          value: storeTablePrefix
        }
        // An execution claim must outlast one execution, Graph retries included
        {
          name: 'EXECUTION_LEASE_SECONDS'
          value: '120'
        }
        {
          name: 'REQUEST_SWEEP_SECONDS'
          value: '60'
        }
        {
          name: 'BOT_ID'
          value: botAadAppClientId
        }
        {
          name: 'BOT_PASSWORD'
          value: botAadAppClientSecret
        }
        {
          name: 'BOT_TYPE'
          value: 'SingleTenant'
        }
        {
          name: 'BOT_TENANT_ID'
          value: botTenantId
        }
        {
          name: 'GRAPH_TENANT_ID'
          value: graphTenantId
        }
        {
          name: 'GRAPH_CLIENT_ID'
          value: graphClientId
        }
        {
          name: 'GRAPH_CLIENT_SECRET'
          value: graphClientSecret
        }
        {
          name: 'APPROVER_GROUP_ID'
          value: approverGroupId
        }
        {
          name: 'ALLOWED_TENANT_IDS'
          value: allowedTenantIds
        }
      ]
    }
  }
}

// Storage Table Data Contributor for the web app's managed identity, on the store's account only.
resource storeAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, webApp.id, '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
    principalId: webApp.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: resourceBaseName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: 'F0'
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: botAadAppClientId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botTenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

// Written to env/.env.<env> by the toolkit
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output AZURE_STORAGE_ACCOUNT_URL string = storage.properties.primaryEndpoints.table

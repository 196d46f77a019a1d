// License Desk in Azure, deployed by `arm/deploy` in m365agents.yml: App Service (Linux, Node 20) running the
// bot, and the Azure Bot that routes Teams to it. The bot's Entra app (BOT_ID, single tenant) is created
// before this by aadApp/create. Outputs are written back to env/.env.<env>.
//
// The app settings carry secrets (BOT_PASSWORD, GRAPH_CLIENT_SECRET) as plain settings; for production,
// move them to Key Vault references.

@maxLength(20)
@minLength(4)
@description('Prefix of every resource name')
param resourceBaseName string

param webAppSKU string = 'B1'

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
  }
  properties: {
    reserved: true // Linux
  }
}

resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  name: resourceBaseName
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
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
        // /home is the persistent share
        {
          name: 'DATA_DIR'
          value: '/home/data/license-desk'
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

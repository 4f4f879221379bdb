// Network isolation (vnetEnabled): the Function App reaches storage and Key Vault only through private
// endpoints in its own virtual network, and both turn public access off. Outbound internet traffic (the
// Log Analytics query API, Teams, the ticketing webhook) leaves through a NAT gateway: new subnets have
// no default outbound access, and one fixed address is what a ticketing system can allow-list.
import { stringMap } from 'types.bicep'

param namePrefix string
param token string
param location string
param tags stringMap

param storageAccountName string
@description('The storage services the app uses, each given a private endpoint: blob (host, deployment package), table (findings).')
param storageServices ('blob' | 'table' | 'queue')[]
param vaultName string

var names = {
  vnet: '${namePrefix}-vnet-${token}'
  nsg: '${namePrefix}-nsg-${token}'
  nat: '${namePrefix}-nat-${token}'
  natIp: '${namePrefix}-natip-${token}'
}
var appSubnetName = 'app'
var endpointSubnetName = 'private-endpoints'

resource account 'Microsoft.Storage/storageAccounts@2026-06-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: vaultName
}

// Private DNS zone names per cloud: privatelink.<service>.<storage suffix>, privatelink.vaultcore.<...>.
var privateLinks = concat(
  map(storageServices, s => { key: s, groupId: s, dnsZone: 'privatelink.${s}.${environment().suffixes.storage}' }),
  [{ key: 'vault', groupId: 'vault', dnsZone: 'privatelink${replace(environment().suffixes.keyvaultDns, '.vault.', '.vaultcore.')}' }]
)

// No custom rules: the defaults allow traffic within the network and outbound, deny inbound from the
// internet. It exists because "subnets should have a network security group" is a common policy.
resource nsg 'Microsoft.Network/networkSecurityGroups@2026-03-01' = {
  name: names.nsg
  location: location
  tags: tags
}

resource natIp 'Microsoft.Network/publicIPAddresses@2026-03-01' = {
  name: names.natIp
  location: location
  tags: tags
  sku: { name: 'Standard' }
  properties: {
    publicIPAllocationMethod: 'Static'
    publicIPAddressVersion: 'IPv4'
  }
}

resource nat 'Microsoft.Network/natGateways@2026-03-01' = {
  name: names.nat
  location: location
  tags: tags
  sku: { name: 'Standard' }
  properties: {
    publicIpAddresses: [{ id: natIp.id }]
    idleTimeoutInMinutes: 4
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2026-03-01' = {
  name: names.vnet
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: ['10.0.0.0/16'] }
    subnets: [
      {
        name: endpointSubnetName
        properties: {
          addressPrefix: '10.0.1.0/24'
          networkSecurityGroup: { id: nsg.id }
          privateEndpointNetworkPolicies: 'Disabled'
          defaultOutboundAccess: false
        }
      }
      {
        // Flex Consumption integrates through a subnet delegated to Microsoft.App/environments.
        name: appSubnetName
        properties: {
          addressPrefix: '10.0.2.0/24'
          networkSecurityGroup: { id: nsg.id }
          natGateway: { id: nat.id }
          defaultOutboundAccess: false
          delegations: [
            {
              name: 'flex-consumption'
              properties: { serviceName: 'Microsoft.App/environments' }
            }
          ]
        }
      }
    ]
  }

  resource endpointSubnet 'subnets' existing = {
    name: endpointSubnetName
  }

  resource appSubnet 'subnets' existing = {
    name: appSubnetName
  }
}

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for link in privateLinks: {
    name: link.dnsZone
    location: 'global'
    tags: tags
  }
]

resource zoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (link, i) in privateLinks: {
    parent: zones[i]
    name: '${vnet.name}-link'
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: { id: vnet.id }
    }
  }
]

resource endpoints 'Microsoft.Network/privateEndpoints@2026-03-01' = [
  for link in privateLinks: {
    name: '${namePrefix}-pe-${link.key}-${token}'
    location: location
    tags: tags
    properties: {
      subnet: { id: vnet::endpointSubnet.id }
      privateLinkServiceConnections: [
        {
          name: link.key
          properties: {
            privateLinkServiceId: link.groupId == 'vault' ? vault.id : account.id
            groupIds: [link.groupId]
          }
        }
      ]
    }
  }
]

// The endpoint's A record lands in the zone, so the service's usual host name resolves to the private
// address inside the network.
resource zoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2026-03-01' = [
  for (link, i) in privateLinks: {
    parent: endpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: link.key
          properties: { privateDnsZoneId: zones[i].id }
        }
      ]
    }
  }
]

output appSubnetId string = vnet::appSubnet.id
output outboundIpAddress string = natIp.properties.ipAddress

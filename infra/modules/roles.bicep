// Built-in role definition ids, fixed across every Azure cloud and tenant.
@export()
var roles = {
  // Workspace read, query read and table data read only; Log Analytics Reader's */read would read everything.
  logAnalyticsDataReader: '3b03c2da-16b3-4a49-8834-0f8130efdd3b'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  // Read-only entities: what analysts get on the findings tables, nothing else in the account.
  storageTableDataReader: '76199698-9eea-4c19-bc75-cec21354c6b6'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

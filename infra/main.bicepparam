// Parameters for `azd up` and `az deployment sub create`. Values that differ per deployment come from the
// environment (azd keeps them per azd environment: `azd env set NAME value`); secrets are only ever read
// from it, never written here.
using 'main.bicep'

// azd sets both; with the az CLI, export them (the name picks the resource group rg-<name> and the vault).
param environmentName = readEnvironmentVariable('AZURE_ENV_NAME')
param location = readEnvironmentVariable('AZURE_LOCATION')

// Empty: rg-<environment name>. azd stores the group it created here after the first `azd up`.
param resourceGroupName = readEnvironmentVariable('AZURE_RESOURCE_GROUP', '')

// Required: the Log Analytics workspace behind Sentinel, by resource id
// (portal: the workspace > Properties > Resource ID).
param sentinelWorkspaceId = readEnvironmentVariable('SENTINEL_WORKSPACE_ID')
// Only when you cannot read that workspace: its workspace id (GUID), so the deployment need not read it.
param sentinelWorkspaceCustomerId = readEnvironmentVariable('SENTINEL_WORKSPACE_CUSTOMER_ID', '')
// false when another team owns role assignments on the workspace (see the README for their command).
param assignSentinelReader = bool(readEnvironmentVariable('ASSIGN_SENTINEL_READER', 'true'))

param namePrefix = readEnvironmentVariable('HUNTS_NAME_PREFIX', 'hunts')

// Locked-down variant: private endpoints for storage and Key Vault, public access off.
param vnetEnabled = bool(readEnvironmentVariable('VNET_ENABLED', 'false'))
// Entra ID group (object id) of analysts who may read the findings tables.
param analystsGroupId = readEnvironmentVariable('ANALYSTS_GROUP_ID', '')
// The findings API's app registration (client id); empty: the API answers 503.
param apiClientId = readEnvironmentVariable('API_CLIENT_ID', '')

// Key Vault across `azd down` / `azd up`: see the README's "Tearing down and deploying again".
param keyVaultPurgeProtection = bool(readEnvironmentVariable('KEY_VAULT_PURGE_PROTECTION', 'true'))
param keyVaultRecover = bool(readEnvironmentVariable('KEY_VAULT_RECOVER', 'false'))

// Per-hunt schedule overrides (six-field NCRONTAB, UTC), keyed by hunt file name without .yaml.
// Each becomes the app setting HUNT_SCHEDULE_<NAME>; a hunt not listed keeps the schedule in its YAML.
param huntSchedules = {
  // 'av-detections-with-source': '0 */15 * * * *'
  // 'pivot-detections-to-downloads': '0 7 */2 * * *'
}

param instanceMemoryMB = 2048
param maximumInstanceCount = 40

param notifyTeams = bool(readEnvironmentVariable('NOTIFY_TEAMS', 'true'))
param notifyWebhook = bool(readEnvironmentVariable('NOTIFY_WEBHOOK', 'true'))

// Who is emailed when a hunt run fails, a hunt is overdue, the watchdog goes quiet or notices are
// dead-lettered. Empty: the alert rules are deployed but notify no one (portal only).
param alertEmail = readEnvironmentVariable('ALERT_EMAIL', '')

// Secrets: written to Key Vault when set, left as they are there when not.
param teamsWebhookUrl = readEnvironmentVariable('TEAMS_WEBHOOK_URL', '')
param webhookUrl = readEnvironmentVariable('WEBHOOK_URL', '')
param webhookSecret = readEnvironmentVariable('WEBHOOK_SECRET', '')

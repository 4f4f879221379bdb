// Parameters for `azd up` and `az deployment group create`. Values that differ per deployment come from
// the environment (azd keeps them per azd environment: `azd env set NAME value`); secrets are only ever
// read from it, never written here.
using 'main.bicep'

// Required: the Log Analytics workspace behind Sentinel, by resource id
// (portal: the workspace > Properties > Resource ID).
param sentinelWorkspaceId = readEnvironmentVariable('SENTINEL_WORKSPACE_ID')

// azd sets AZURE_LOCATION; with the az CLI, export the resource group's region.
param location = readEnvironmentVariable('AZURE_LOCATION')

param namePrefix = readEnvironmentVariable('HUNTS_NAME_PREFIX', 'hunts')

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

param tags = {
  'azd-env-name': readEnvironmentVariable('AZURE_ENV_NAME', 'scheduled-hunts')
}

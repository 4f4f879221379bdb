// Log alert rules on the app's own telemetry in Application Insights (src/telemetry/): a hunt run
// failed, a hunt is overdue (two scheduled runs without a success, as the watchdog timer reports it),
// the watchdog itself went quiet (every timer stopped), and notices were dead-lettered. The span and
// attribute names in the queries are the ones src/telemetry/huntRunTelemetry.ts and watchdog.ts write;
// the infra tests check they match.
import { stringMap } from 'types.bicep'

param namePrefix string
param location string
param tags stringMap
@description('Resource id of the Application Insights component the app sends its telemetry to.')
param appInsightsId string
@description('Where alerts are emailed; empty deploys the rules without an action group (they show in the portal only).')
param alertEmail string

var notify = !empty(alertEmail)

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (notify) {
  name: '${namePrefix}-alerts'
  location: 'global'
  tags: tags
  properties: {
    // At most 12 characters: the sender name in SMS and email subjects.
    groupShortName: take('${namePrefix}-hunts', 12)
    enabled: true
    emailReceivers: [
      {
        name: 'hunts-on-call'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// Each hunt alerts on its own: the rule splits by the huntId column.
var byHunt = [
  {
    name: 'huntId'
    operator: 'Include'
    values: ['*']
  }
]

var rules = [
  {
    key: 'run-failed'
    displayName: 'Hunt run failed'
    description: 'A hunt run failed (query, store or setup): nothing was posted and its window stays for the next run. The span hunt.run carries the reason; the Functions invocation log has the stack.'
    severity: 1
    evaluationFrequency: 'PT15M'
    windowSize: 'PT15M'
    query: '''
dependencies
| where name == "hunt.run" and tostring(customDimensions["hunt.run.status"]) == "failed"
| project timestamp, huntId = tostring(customDimensions["hunt.id"]), hunt = tostring(customDimensions["hunt.name"])
'''
    timeAggregation: 'Count'
    metricMeasureColumn: null
    operator: 'GreaterThan'
    threshold: 0
    dimensions: byHunt
  }
  {
    key: 'hunt-overdue'
    displayName: 'Hunt overdue: no success in two scheduled runs'
    description: 'The watchdog found a hunt with no successful run for two of its scheduled ticks (plus 15 minutes): it keeps failing, or its timer stopped (timers can stop silently on Flex Consumption). A hunt that has only ever failed counts too.'
    severity: 2
    evaluationFrequency: 'PT30M'
    windowSize: 'PT1H'
    query: '''
dependencies
| where name == "hunt.watch"
| extend huntId = tostring(customDimensions["hunt.id"]), hunt = tostring(customDimensions["hunt.name"]), overdue = tostring(customDimensions["hunt.overdue"]) == "true", lastSuccess = tostring(customDimensions["hunt.last_success"]), schedule = tostring(customDimensions["hunt.schedule"])
| summarize arg_max(timestamp, overdue, hunt, lastSuccess, schedule) by huntId
| where overdue
'''
    timeAggregation: 'Count'
    metricMeasureColumn: null
    operator: 'GreaterThan'
    threshold: 0
    dimensions: byHunt
  }
  {
    key: 'watchdog-silent'
    displayName: 'Hunts watchdog silent: no timer is running'
    description: 'The watchdog timer (every 30 minutes) reported nothing for an hour: the app\'s timers have stopped, it cannot reach its storage, or it is not deployed. No hunt is running either.'
    severity: 1
    evaluationFrequency: 'PT30M'
    windowSize: 'PT1H'
    query: '''
dependencies
| where name == "hunt.watch"
'''
    timeAggregation: 'Count'
    metricMeasureColumn: null
    operator: 'LessThan'
    threshold: 1
    dimensions: []
  }
  {
    key: 'notices-dead-lettered'
    displayName: 'Hunt notices dead-lettered'
    description: 'Notices reached the attempt cap and are marked failed: Teams or the ticketing webhook did not get them. Fix the receiver, then send them again with `hunts redeliver --state function --failed` (with the storage account in TABLES_ACCOUNT_URL).'
    severity: 2
    evaluationFrequency: 'PT15M'
    windowSize: 'PT15M'
    query: '''
dependencies
| where name == "hunt.run"
| extend huntId = tostring(customDimensions["hunt.id"]), hunt = tostring(customDimensions["hunt.name"]), deadLettered = toint(customDimensions["hunt.notices.dead_lettered"])
| where deadLettered > 0
| project timestamp, huntId, hunt, deadLettered
'''
    timeAggregation: 'Total'
    metricMeasureColumn: 'deadLettered'
    operator: 'GreaterThan'
    threshold: 0
    dimensions: byHunt
  }
]

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = [
  for rule in rules: {
    name: '${namePrefix}-${rule.key}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: rule.displayName
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [appInsightsId]
      evaluationFrequency: rule.evaluationFrequency
      windowSize: rule.windowSize
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: rule.timeAggregation
            metricMeasureColumn: rule.metricMeasureColumn
            operator: rule.operator
            threshold: rule.threshold
            dimensions: rule.dimensions
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      // Resolves by itself once the condition clears, so the next failure alerts again.
      autoMitigate: true
      actions: {
        actionGroups: notify ? [actionGroup.id] : []
      }
    }
  }
]

output ruleNames string[] = [for (rule, i) in rules: alertRules[i].name]
output actionGroupId string = notify ? actionGroup.id : ''

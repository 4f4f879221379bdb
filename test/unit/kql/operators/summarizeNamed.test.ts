import { describe } from 'node:test';
import { kqlCases } from '../../../support/kqlCases.js';

const EVENTS = `datatable(DeviceId:string, Timestamp:datetime, ReportId:long, ActionType:string)
  ["d1", datetime(2024-01-01), 1, "a",
   "d1", datetime(2024-01-03), 2, "b",
   "d2", datetime(2024-01-02), 3, "c",
   "d1", datetime(2024-01-02), 4, "d"]`;

// `(a, b) = aggregate(...)` names the columns of a multi-column aggregate, as public hunts write it.
describe('summarize (a, b) = aggregate(...)', () => {
  kqlCases([
    {
      query: `${EVENTS} | summarize (Timestamp, ReportId) = arg_max(Timestamp, ReportId) by DeviceId`,
      rows: [
        { DeviceId: 'd1', Timestamp: '2024-01-03T00:00:00Z', ReportId: 2 },
        { DeviceId: 'd2', Timestamp: '2024-01-02T00:00:00Z', ReportId: 3 },
      ],
    },
    {
      query: `${EVENTS} | summarize (First, FirstReport)=arg_min(Timestamp, ReportId) by DeviceId`,
      rows: [
        { DeviceId: 'd1', First: '2024-01-01T00:00:00Z', FirstReport: 1 },
        { DeviceId: 'd2', First: '2024-01-02T00:00:00Z', FirstReport: 3 },
      ],
    },
    // Fewer names than columns: the rest keep their own names; other aggregates sit beside it.
    {
      query: `${EVENTS} | summarize n = count(), (LastTimestamp, LastActionType) = arg_max(Timestamp, ActionType, ReportId) by DeviceId`,
      rows: [
        { DeviceId: 'd1', n: 3, LastTimestamp: '2024-01-03T00:00:00Z', LastActionType: 'b', ReportId: 2 },
        { DeviceId: 'd2', n: 1, LastTimestamp: '2024-01-02T00:00:00Z', LastActionType: 'c', ReportId: 3 },
      ],
    },
    {
      query: `${EVENTS} | summarize (Latest) = arg_max(Timestamp, *) by DeviceId`,
      rows: [
        { DeviceId: 'd1', Latest: '2024-01-03T00:00:00Z', ReportId: 2, ActionType: 'b' },
        { DeviceId: 'd2', Latest: '2024-01-02T00:00:00Z', ReportId: 3, ActionType: 'c' },
      ],
    },
    { query: `${EVENTS} | where DeviceId == "none" | summarize (T, R) = arg_max(Timestamp, ReportId)`, rows: [{ T: null, R: null }] },
    // A single-valued aggregate cannot take several names (the binder says so).
    { query: `${EVENTS} | summarize (a, b) = count()`, error: 'KS149' },
  ]);
});

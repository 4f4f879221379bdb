import { describe } from 'node:test';
import { kqlCases } from '../../../support/kqlCases.js';

const STORMS = `datatable(State:string, EventType:string, Source:string, Damage:long)[
  "TX", "Hail", "Public", 10,
  "TX", "Hail", "Spotter", 5,
  "TX", "Flood", "Public", 30,
  "TX", "Wind", "Public", 1,
  "KS", "Hail", "Public", 7,
  "KS", "Wind", "Spotter", 8,
  "OK", "Flood", "Public", 3,
  "OK", "Ice", "Public", 2,
  "NE", "Hail", "Public", 1]`;

describe('top-nested', () => {
  kqlCases([
    {
      query: `${STORMS} | top-nested 2 of State by sum(Damage), top-nested 2 of EventType by sum(Damage)`,
      rows: [
        { State: 'TX', aggregated_State: 46, EventType: 'Flood', aggregated_EventType: 30 },
        { State: 'TX', aggregated_State: 46, EventType: 'Hail', aggregated_EventType: 15 },
        { State: 'KS', aggregated_State: 15, EventType: 'Wind', aggregated_EventType: 8 },
        { State: 'KS', aggregated_State: 15, EventType: 'Hail', aggregated_EventType: 7 },
      ],
      ordered: true,
    },
    // Names for both columns; asc ranks the smallest first.
    {
      query: `${STORMS} | top-nested 1 of S = State by Total = sum(Damage) asc`,
      rows: [{ S: 'NE', Total: 1 }],
    },
    // with others: the left-out groups' rows in one row per level, deeper columns null.
    {
      query: `${STORMS} | top-nested 1 of State with others = "Other" by sum(Damage), top-nested 1 of EventType with others = "Rest" by count()`,
      rows: [
        { State: 'TX', aggregated_State: 46, EventType: 'Hail', aggregated_EventType: 2 },
        { State: 'TX', aggregated_State: 46, EventType: 'Rest', aggregated_EventType: 2 },
        { State: 'Other', aggregated_State: 21, EventType: '', aggregated_EventType: null },
      ],
    },
    // Without N every value is kept; max(1) carries other columns along (the reference's idiom).
    {
      query: `datatable(id: string, timestamp: datetime, otherInformation: string)[
        "Barak", datetime(2015-01-01), "1", "Barak", datetime(2016-01-01), "2", "Barak", datetime(2017-01-20), "3",
        "Donald", datetime(2017-01-20), "4", "Donald", datetime(2017-01-18), "5", "Donald", datetime(2017-01-19), "6"]
        | top-nested of id by Ignore0=max(1), top-nested 2 of timestamp by Ignore1=max(timestamp), top-nested of otherInformation by Ignore2=max(1)
        | project-away Ignore0, Ignore1, Ignore2`,
      rows: [
        { id: 'Barak', timestamp: '2016-01-01T00:00:00Z', otherInformation: '2' },
        { id: 'Donald', timestamp: '2017-01-19T00:00:00Z', otherInformation: '6' },
        { id: 'Barak', timestamp: '2017-01-20T00:00:00Z', otherInformation: '3' },
        { id: 'Donald', timestamp: '2017-01-20T00:00:00Z', otherInformation: '4' },
      ],
    },
    // dcount and a computed value; an empty input gives no rows.
    {
      query: `${STORMS} | top-nested 2 of Kind = strcat(Source, "/", State) by dcount(EventType)`,
      rows: [{ Kind: 'Public/TX', aggregated_Kind: 3 }, { Kind: 'Public/OK', aggregated_Kind: 2 }],
      ordered: true,
    },
    { query: `${STORMS} | where Damage > 100 | top-nested 2 of State by count()`, rows: [] },
    { query: `${STORMS} | top-nested 2 of State by sum(Damage) / count()`, error: 'a top-nested aggregate that is not a single aggregate function call' },
  ]);
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { swapGreediness } from '../../../../src/kql/compile/operators/parsePattern.js';
import { kqlCases } from '../../../support/kqlCases.js';

/** The reference's trace lines (its examples' datetimes are US-style text, parsed apart below). */
const TRACES = `datatable(EventText: string)[
  "Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=27, sliceNumber=23, lockTime=02/17/2016 08:40:01, releaseTime=02/17/2016 08:40:01, previousLockTime=02/17/2016 08:39:01)",
  "Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=27, sliceNumber=15, lockTime=02/17/2016 08:40:00, releaseTime=02/17/2016 08:40:00, previousLockTime=02/17/2016 08:39:00)"
]`;

/** The same with malformed values (the reference's parse-where and relaxed examples). */
const BAD_TRACES = `datatable(EventText: string)[
  "Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=27, sliceNumber=invalid_number, lockTime=02/17/2016 08:40:01, releaseTime=2016-02-17 08:40:01, previousLockTime=2016-02-17 08:39:01)",
  "Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=27, sliceNumber=15, lockTime=02/17/2016 08:40:00, releaseTime=invalid_datetime, previousLockTime=2016-02-17 08:39:00)",
  "Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=27, sliceNumber=20, lockTime=02/17/2016 08:40:01, releaseTime=2016-02-17 08:40:01, previousLockTime=2016-02-17 08:39:01)",
  "Event: NotifySliceRelease (resourceName=PipelineScheduler, totalSlices=invalid_number, sliceNumber=16, lockTime=02/17/2016 08:41:00, releaseTime=2016-02-17 08:41:00, previousLockTime=2016-02-17 08:40:00)"
]`;

const STRICT = `with * "resourceName=" resourceName ", totalSlices=" totalSlices: long * "sliceNumber=" sliceNumber: long * "lockTime=" lockTime ", releaseTime=" releaseTime: date "," * "previousLockTime=" previousLockTime: date ")" *`;

describe('parse / parse-where', () => {
  kqlCases([
    // The reference's examples.
    {
      query: `${TRACES} | parse EventText ${STRICT} | project resourceName, totalSlices, sliceNumber, lockTime`,
      rows: [
        { resourceName: 'PipelineScheduler', totalSlices: 27, sliceNumber: 23, lockTime: '02/17/2016 08:40:01' },
        { resourceName: 'PipelineScheduler', totalSlices: 27, sliceNumber: 15, lockTime: '02/17/2016 08:40:00' },
      ],
      ordered: true,
    },
    {
      query: `datatable(Contacts: string)[
        "Event: LeadContact (email=john@contosohotel.com, Website=https:contosohotel.com)",
        "Event: LeadContact (email=abi@fourthcoffee.com, Website=https:www.fourthcoffee.com)"]
        | parse Contacts with * "email=" alias:string "@" domain: string ", Website=https:" WebsiteDomain: string ")"
        | project EmailAddress=strcat(alias, "@", domain), EmailAlias=alias, WebsiteDomain`,
      rows: [
        { EmailAddress: 'john@contosohotel.com', EmailAlias: 'john', WebsiteDomain: 'contosohotel.com' },
        { EmailAddress: 'abi@fourthcoffee.com', EmailAlias: 'abi', WebsiteDomain: 'www.fourthcoffee.com' },
      ],
      ordered: true,
    },
    {
      query: `${TRACES} | parse kind=regex EventText with "(.*?)[a-zA-Z]*=" resourceName @", totalSlices=\\s*\\d+\\s*.*?sliceNumber=" sliceNumber: long  ".*?(previous)?lockTime=" lockTime ".*?releaseTime=" releaseTime ".*?previousLockTime=" previousLockTime: date "\\\\)" | project resourceName, sliceNumber, lockTime, releaseTime`,
      rows: [
        { resourceName: 'PipelineScheduler', sliceNumber: 23, lockTime: '02/17/2016 08:40:01, ', releaseTime: '02/17/2016 08:40:01, ' },
        { resourceName: 'PipelineScheduler', sliceNumber: 15, lockTime: '02/17/2016 08:40:00, ', releaseTime: '02/17/2016 08:40:00, ' },
      ],
      ordered: true,
    },
    // Regex mode is greedy unless flags=U; flags=i ignores case.
    {
      query: `${TRACES} | parse kind=regex EventText with * "resourceName=" resourceName ',' * | project resourceName`,
      rows: [
        { resourceName: 'PipelineScheduler, totalSlices=27, sliceNumber=23, lockTime=02/17/2016 08:40:01, releaseTime=02/17/2016 08:40:01' },
        { resourceName: 'PipelineScheduler, totalSlices=27, sliceNumber=15, lockTime=02/17/2016 08:40:00, releaseTime=02/17/2016 08:40:00' },
      ],
      ordered: true,
    },
    {
      query: `${TRACES} | parse kind=regex flags=Ui EventText with * "RESOURCENAME=" resourceName ',' * | project resourceName`,
      rows: [{ resourceName: 'PipelineScheduler' }, { resourceName: 'PipelineScheduler' }],
    },
    {
      query: `${TRACES} | parse kind=regex EventText with * "RESOURCENAME=" resourceName ',' * | project resourceName`,
      rows: [{ resourceName: '' }, { resourceName: '' }],
    },
    // flags=s lets '.' cross newlines.
    {
      query: `print t = "name=a\\nsize=12)" | parse kind=regex flags=s t with * "name=" name: string "(.*?)size=" size: long "\\\\)" | project name, size`,
      rows: [{ name: 'a\n', size: 12 }],
    },
    {
      query: `print t = "name=a\\nsize=12)" | parse kind=regex t with * "name=" name: string "(.*?)size=" size: long "\\\\)" | project name, size`,
      rows: [{ name: '', size: null }],
    },
    // Strict (simple) mode: a value that does not convert nulls the whole row; parse-where drops it.
    {
      query: `${BAD_TRACES} | parse EventText ${STRICT} | project resourceName, totalSlices, sliceNumber, releaseTime`,
      rows: [
        { resourceName: '', totalSlices: null, sliceNumber: null, releaseTime: null },
        { resourceName: '', totalSlices: null, sliceNumber: null, releaseTime: null },
        { resourceName: 'PipelineScheduler', totalSlices: 27, sliceNumber: 20, releaseTime: '2016-02-17T08:40:01Z' },
        { resourceName: '', totalSlices: null, sliceNumber: null, releaseTime: null },
      ],
      ordered: true,
    },
    {
      query: `${BAD_TRACES} | parse-where EventText ${STRICT} | project resourceName, totalSlices, sliceNumber, previousLockTime`,
      rows: [{ resourceName: 'PipelineScheduler', totalSlices: 27, sliceNumber: 20, previousLockTime: '2016-02-17T08:39:01Z' }],
    },
    // Relaxed mode: only the values that do not convert are null.
    {
      query: `${BAD_TRACES} | parse kind=relaxed EventText with * "resourceName=" resourceName ", totalSlices=" totalSlices: long ", sliceNumber=" sliceNumber: long * "releaseTime=" releaseTime: date "," * | project resourceName, totalSlices, sliceNumber, releaseTime`,
      rows: [
        { resourceName: 'PipelineScheduler', totalSlices: 27, sliceNumber: null, releaseTime: '2016-02-17T08:40:01Z' },
        { resourceName: 'PipelineScheduler', totalSlices: 27, sliceNumber: 15, releaseTime: null },
        { resourceName: 'PipelineScheduler', totalSlices: 27, sliceNumber: 20, releaseTime: '2016-02-17T08:40:01Z' },
        { resourceName: 'PipelineScheduler', totalSlices: null, sliceNumber: 16, releaseTime: '2016-02-17T08:41:00Z' },
      ],
      ordered: true,
    },
    {
      query: `${BAD_TRACES} | parse-where kind=regex flags=i EventText with * "RESOURCENAME=" resourceName "," * "totalSlices=" totalSlices: long "," * | project resourceName, totalSlices`,
      rows: [
        { resourceName: 'PipelineScheduler', totalSlices: 27 },
        { resourceName: 'PipelineScheduler', totalSlices: 27 },
        { resourceName: 'PipelineScheduler', totalSlices: 27 },
      ],
    },
    // A pattern may start with a column, and its last string column takes the rest of the text.
    {
      query: 'print s = "key: some value: more" | parse s with k ": " v | project k, v',
      rows: [{ k: 'key', v: 'some value: more' }],
    },
    // The whole string must match: text after the last constant needs a trailing *.
    {
      query: 'print s = "a=1; b=2" | parse s with "a=" a:long ";" | parse s with "a=" a2:long ";" * | project a, a2',
      rows: [{ a: null, a2: 1 }],
    },
    // Constants are text in simple mode, not regexes.
    {
      query: 'print s = "x.(y)*z" | parse s with a ".(" b ")*" c | project a, b, c',
      rows: [{ a: 'x', b: 'y', c: 'z' }],
    },
    // Types: int, real, bool, guid, timespan, dynamic; a non-string source is read as text.
    {
      query:
        'print s = "n=-5 r=2.5 b=True g=5F2E6D1C-9D7F-4A35-B5E4-1C2D3E4F5A6B t=01:02:03 d={\\"k\\":[1]}" | parse s with "n=" n:int " r=" r:real " b=" b:bool " g=" g:guid " t=" t:timespan " d=" d:dynamic | project-away s',
      rows: [{ n: -5, r: 2.5, b: true, g: '5f2e6d1c-9d7f-4a35-b5e4-1c2d3e4f5a6b', t: '01:02:03', d: { k: [1] } }],
    },
    {
      query: 'print n = 12345 | parse n with a:long "3" b:long | project a, b',
      rows: [{ a: 12, b: 45 }],
    },
    // Empty and non-matching strings give nulls (strings empty); parse-where drops them.
    {
      query: 'datatable(s: string)["", "id=7", "nothing"] | parse s with "id=" id:long | project s, id',
      rows: [{ s: '', id: null }, { s: 'id=7', id: 7 }, { s: 'nothing', id: null }],
      ordered: true,
    },
    {
      query: 'datatable(s: string)["", "id=7", "nothing"] | parse-where s with "id=" id:long',
      rows: [{ s: 'id=7', id: 7 }],
    },
    // The usual hunting shape: pull a field out of a command line.
    {
      query:
        'datatable(ProcessCommandLine: string)["powershell.exe -nop -enc SQBFAFgA -w hidden", "cmd.exe /c whoami"] | parse ProcessCommandLine with * "-enc " Encoded " " * | where isnotempty(Encoded) | project Encoded',
      rows: [{ Encoded: 'SQBFAFgA' }],
    },
    { query: 'print s = "a" | parse kind=simple flags=i s with "a" x', error: 'flags= without kind=regex' },
    { query: 'print s = "a" | parse s with * "a" s', error: "parse into the existing column 's'" },
    { query: 'print s = "a" | parse kind=regex s with "(" x', error: 'parse: the pattern is not a regular expression' },
  ]);

  it('flags=U swaps every quantifier, leaving escapes, classes and group syntax alone', () => {
    assert.equal(swapGreediness('a*b+?c?(?:d){2,3}[*+?]\\*(?<n>e)??'), 'a*?b+c??(?:d){2,3}?[*+?]\\*(?<n>e)?');
  });
});

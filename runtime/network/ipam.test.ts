import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocateAddress, chooseSubnet } from './ipam';
import { parseProcRoutes } from './host-routes';

const pool = { pool: '10.89.0.0/16', prefixLen: 24 };

test('pool subnets skip taken networks and host routes, never reading the default route as busy', () => {
  assert.deepEqual(chooseSubnet(undefined, [], ['0.0.0.0/0'], pool), { subnet: '10.89.0.0/24', gateway: '10.89.0.1' });
  assert.equal(chooseSubnet(undefined, ['10.89.0.0/24'], ['10.89.1.0/25'], pool).subnet, '10.89.2.0/24');
  assert.equal(chooseSubnet(undefined, [], ['10.89.0.0/23'], pool).subnet, '10.89.2.0/24');
  assert.throws(() => chooseSubnet(undefined, [], ['10.89.0.0/16'], pool), /no free \/24/);
});

test('a user subnet is checked against networks, routes, and its own gateway and range', () => {
  assert.deepEqual(chooseSubnet({ Subnet: '10.89.9.0/24', Gateway: '10.89.9.254', IPRange: '10.89.9.128/25' }, [], [], pool), { subnet: '10.89.9.0/24', gateway: '10.89.9.254', ipRange: '10.89.9.128/25' });
  assert.throws(() => chooseSubnet({ Subnet: '10.89.9.0/24' }, ['10.89.0.0/20'], [], pool), /overlaps network 10\.89\.0\.0\/20/);
  assert.throws(() => chooseSubnet({ Subnet: '192.0.2.0/25' }, [], ['192.0.2.0/24'], pool), /overlaps a route/);
  assert.throws(() => chooseSubnet({ Subnet: '10.89.9.0/24', Gateway: '10.89.8.1' }, [], [], pool), /not in subnet/);
  assert.throws(() => chooseSubnet({ Subnet: '10.89.9.0/24', IPRange: '10.89.8.0/25' }, [], [], pool), /not inside/);
});

test('addresses: lowest free, skipping network, gateway and broadcast; requested ones checked', () => {
  const net = { subnet: '10.89.3.0/30', gateway: '10.89.3.1' };
  assert.equal(allocateAddress(net, []), '10.89.3.2');
  assert.throws(() => allocateAddress(net, ['10.89.3.2']), /no free address/);
  assert.throws(() => allocateAddress(net, [], '10.89.3.3'), /not usable/);
  assert.throws(() => allocateAddress({ subnet: '10.89.3.0/24', gateway: '10.89.3.1' }, ['10.89.3.7'], '10.89.3.7'), /already in use/);
  assert.equal(allocateAddress({ subnet: '10.89.3.0/24', gateway: '10.89.3.1', ipRange: '10.89.3.64/26' }, ['10.89.3.64']), '10.89.3.65');
});

test('addresses of veths still being freed are the last choice, never refused', () => {
  const net = { subnet: '10.89.3.0/29', gateway: '10.89.3.1' };
  assert.equal(allocateAddress(net, [], undefined, ['10.89.3.2']), '10.89.3.3');
  assert.equal(allocateAddress(net, ['10.89.3.3', '10.89.3.4', '10.89.3.5', '10.89.3.6'], undefined, ['10.89.3.2']), '10.89.3.2');
  assert.equal(allocateAddress(net, [], '10.89.3.2', ['10.89.3.2']), '10.89.3.2');
});

test('/proc/net/route is read as CIDRs', () => {
  const text = 'Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\tMTU\tWindow\tIRTT\n' +
    'eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n' +
    'eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n' +
    'br\t0000590A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n';
  assert.deepEqual(parseProcRoutes(text), ['0.0.0.0/0', '192.0.2.0/24', '10.89.0.0/16']);
});

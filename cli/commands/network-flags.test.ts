// Flag parsing for `berth network create|connect` and `berth volume create`: the API bodies the
// docker CLI would send for the same flags, and its errors for inconsistent IPAM flags.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from './engine-args';
import { CONNECT_FLAGS, CREATE_FLAGS, connectOptions, ipamConfig, networkCreateRequest } from './network-flags';
import { CREATE_FLAGS as VOLUME_FLAGS, volumeCreateRequest } from './volume-flags';
import { filtersFrom, keyValues, labelString } from './kv-flags';
import { endpointConfig } from '../../core/engine/network';

test('network create: flags become the NetworkCreateRequest', () => {
  const { flags, positionals } = parseArgs(['-d', 'bridge', '--subnet', '10.89.7.0/24', '--gateway=10.89.7.254', '--ip-range', '10.89.7.128/25',
    '--internal', '--label', 'tier=db', '--label', 'bare', '-o', 'com.docker.network.bridge.name=br7', 'backend'], CREATE_FLAGS);
  assert.deepEqual(positionals, ['backend']);
  assert.deepEqual(networkCreateRequest(positionals[0], flags), {
    Name: 'backend', Driver: 'bridge', Internal: true, Attachable: false, EnableIPv6: false,
    Options: { 'com.docker.network.bridge.name': 'br7' }, Labels: { tier: 'db', bare: '' },
    IPAM: { Driver: 'default', Config: [{ Subnet: '10.89.7.0/24', IPRange: '10.89.7.128/25', Gateway: '10.89.7.254' }] },
  });
});

test('network create: defaults are the bridge driver and no IPAM config (the engine picks a subnet)', () => {
  const req = networkCreateRequest('n', parseArgs([], CREATE_FLAGS).flags);
  assert.equal(req.Driver, 'bridge');
  assert.deepEqual(req.IPAM, { Driver: 'default', Config: [] });
  assert.equal(req.Internal, false);
});

test('ipam: each gateway and range goes to the subnet containing it; strays and doubles are errors', () => {
  assert.deepEqual(ipamConfig(['10.89.8.0/24', '10.89.9.0/24'], ['10.89.9.1', '10.89.8.1'], []), [
    { Subnet: '10.89.8.0/24', Gateway: '10.89.8.1' }, { Subnet: '10.89.9.0/24', Gateway: '10.89.9.1' },
  ]);
  assert.throws(() => ipamConfig([], ['10.89.8.1'], []), /no matching subnet for gateway 10\.89\.8\.1/);
  assert.throws(() => ipamConfig(['10.89.8.0/24'], ['10.89.9.1'], []), /no matching subnet/);
  assert.throws(() => ipamConfig(['10.89.8.0/24'], ['10.89.8.1', '10.89.8.2'], []), /multiple gateways/);
  assert.throws(() => ipamConfig(['10.89.8.0/33'], [], []), /invalid --subnet/);
  assert.throws(() => ipamConfig(['10.89.8.0/24'], [], ['10.89.300.0/25']), /invalid --ip-range/);
});

test('network connect: --alias (repeatable), --ip and --ip6 become the EndpointConfig', () => {
  const { flags, positionals } = parseArgs(['--alias', 'db', '--alias=primary', '--ip', '10.89.7.20', 'net', 'c1'], CONNECT_FLAGS);
  assert.deepEqual(positionals, ['net', 'c1']);
  assert.deepEqual(endpointConfig(connectOptions(flags)), { Aliases: ['db', 'primary'], IPAMConfig: { IPv4Address: '10.89.7.20' } });
  assert.deepEqual(endpointConfig(connectOptions(parseArgs([], CONNECT_FLAGS).flags)), {});
});

test('volume create: driver, options, labels, NAME or --name', () => {
  const { flags, positionals } = parseArgs(['-d', 'local', '-o', 'type=tmpfs', '-o', 'device=tmpfs', '--label', 'a=b', 'data'], VOLUME_FLAGS);
  assert.deepEqual(volumeCreateRequest(positionals, flags), { Name: 'data', Driver: 'local', DriverOpts: { type: 'tmpfs', device: 'tmpfs' }, Labels: { a: 'b' } });
  assert.equal(volumeCreateRequest([], parseArgs(['--name', 'old'], VOLUME_FLAGS).flags).Name, 'old');
  assert.equal(volumeCreateRequest([], {}).Name, undefined, 'no name: the engine generates one');
  assert.throws(() => volumeCreateRequest(['a', 'b'], {}), /at most 1 argument/);
  assert.throws(() => volumeCreateRequest(['a'], { name: 'b' }), /conflicting options/);
});

test('filters, key=value lists and label strings', () => {
  assert.deepEqual(filtersFrom(['name=web', 'label=a=b', 'label=c']), { name: ['web'], label: ['a=b', 'c'] });
  assert.throws(() => filtersFrom(['dangling']), /bad format of filter/);
  assert.deepEqual(keyValues(['a=1', 'b', 'a=2', 'c=x=y']), { a: '2', b: '', c: 'x=y' });
  assert.throws(() => keyValues(['=v']), /invalid key=value/);
  assert.equal(labelString({ z: '1', a: '2' }), 'a=2,z=1');
  assert.equal(labelString(null), '');
});

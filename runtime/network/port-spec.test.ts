import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePortSpec, portRequests } from './port-spec';

test('short port syntax: container only, host:container, ip, ranges, protocol', () => {
  assert.deepEqual(parsePortSpec('80'), { '80/tcp': [{ HostIp: '', HostPort: '' }] });
  assert.deepEqual(parsePortSpec('8080:80/udp'), { '80/udp': [{ HostIp: '', HostPort: '8080' }] });
  assert.deepEqual(parsePortSpec('127.0.0.1::80'), { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
  assert.deepEqual(parsePortSpec('127.0.0.1:9000-9001:80-81'), {
    '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '9000' }],
    '81/tcp': [{ HostIp: '127.0.0.1', HostPort: '9001' }],
  });
  assert.throws(() => parsePortSpec('9000-9002:80-81'), /do not match/);
  assert.throws(() => parsePortSpec('80/sctpx'), /invalid protocol/);
  assert.throws(() => parsePortSpec('70000'), /invalid container port/);
});

test('PortBindings flatten into requests; an empty host port means pick one', () => {
  assert.deepEqual(portRequests({ '80/tcp': [{ HostIp: '', HostPort: '' }, { HostIp: '127.0.0.1', HostPort: '8080' }], '53/udp': null }), [
    { proto: 'tcp', containerPort: 80, hostIp: '', hostPort: 0 },
    { proto: 'tcp', containerPort: 80, hostIp: '127.0.0.1', hostPort: 8080 },
    { proto: 'udp', containerPort: 53, hostIp: '', hostPort: 0 },
  ]);
  assert.deepEqual(portRequests({ '80/tcp': [{ HostIp: '', HostPort: '8000-8010' }] }), [{ proto: 'tcp', containerPort: 80, hostIp: '', hostPort: 8000, hostPortEnd: 8010 }]);
});

test('HostPort "0" means any free port, as "" does (what Testcontainers sends for every exposed port)', () => {
  assert.deepEqual(portRequests({ '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '0' }] }), [{ proto: 'tcp', containerPort: 80, hostIp: '127.0.0.1', hostPort: 0 }]);
  assert.throws(() => portRequests({ '80/tcp': [{ HostIp: '', HostPort: '00x' }] }), /invalid host port/);
});

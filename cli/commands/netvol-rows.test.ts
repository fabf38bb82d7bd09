// The rows `berth network ls --format` and `berth volume ls --format` render, compared with what
// docker CLI 28 printed for the same engine answers (`docker network ls --format json`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkResource, Volume } from '../../runtime/api/types';
import { goTime, networkRow } from './network-ls';
import { volumeRow } from './volume-ls';
import { goOrder } from './volume-inspect';

test('networkRow: the fields and strings of docker network ls --format json', () => {
  const n = {
    Name: 'cmpnet', Id: '867f89f29373f271244305682a16d540d9f63388e582f597617fc7b5ca5c7dbe', Created: '2026-11-23T20:37:42.354Z',
    Scope: 'local', Driver: 'bridge', EnableIPv6: false, Internal: false, Labels: { a: 'b' },
  } as unknown as NetworkResource;
  assert.deepEqual(networkRow(n, false), {
    CreatedAt: '2026-11-23 20:37:42.354 +0000 UTC', Driver: 'bridge', ID: '867f89f29373', IPv4: 'false', IPv6: 'false',
    Internal: 'false', Labels: 'a=b', Name: 'cmpnet', Scope: 'local',
  });
  assert.equal(networkRow(n, true).ID, n.Id);
});

test('goTime: Go time.String() (trailing zeros of the fraction dropped)', () => {
  assert.equal(goTime('1970-01-01T00:00:00.000Z'), '1970-01-01 00:00:00 +0000 UTC');
  assert.equal(goTime('2026-01-02T03:04:05.500Z'), '2026-01-02 03:04:05.5 +0000 UTC');
  assert.equal(goTime('not a time'), 'not a time');
});

test('volumeRow: the fields of docker volume ls --format json', () => {
  const v: Volume = { Name: 'cmpvol', Driver: 'local', Mountpoint: '/r/volumes/cmpvol/_data', Labels: { x: 'y' }, Scope: 'local', Options: null, UsageData: { Size: -1, RefCount: 0 } };
  assert.deepEqual(volumeRow(v), {
    Availability: 'N/A', Driver: 'local', Group: 'N/A', Labels: 'x=y', Links: '0', Mountpoint: '/r/volumes/cmpvol/_data',
    Name: 'cmpvol', Scope: 'local', Size: '-1B', Status: 'N/A',
  });
  assert.equal(volumeRow({ ...v, UsageData: null, Labels: null }).Size, 'N/A');
});

test('goOrder: volume inspect keys in Go\'s order (alphabetical fields, sorted maps)', () => {
  const v = { Name: 'v', Driver: 'local', Labels: { z: '1', a: '2' }, UsageData: { Size: -1, RefCount: 0 }, Options: null };
  assert.equal(JSON.stringify(goOrder(v)), '{"Driver":"local","Labels":{"a":"2","z":"1"},"Name":"v","Options":null,"UsageData":{"RefCount":0,"Size":-1}}');
});

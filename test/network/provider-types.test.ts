// Compile-time and run-time check that the network and volume adapters fit the interfaces the
// container layer declares (runtime/containers/providers.ts), so the daemon can wire them as-is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MountProvider, NetworkHook } from '../../runtime/containers/providers';
import { containerNetworkHook, type NetworkService } from '../../runtime/network/index';
import { ContainerMounts, VolumeService } from '../../runtime/volumes/index';

test('containerNetworkHook is a NetworkHook and ContainerMounts a MountProvider', async () => {
  const root = await mkdtemp(join(tmpdir(), 'berth-fit-'));
  try {
    const mounts: MountProvider = new ContainerMounts(new VolumeService({ stateRoot: root }), root);
    const r = await mounts.resolve('c1', { tmpfs: { '/run': 'size=1m' } });
    assert.deepEqual(r.mounts.map((m) => m.destination), ['/run']);
    await mounts.release('c1');
    const hookOf = (svc: NetworkService): NetworkHook => containerNetworkHook(svc);
    assert.equal(typeof hookOf, 'function');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

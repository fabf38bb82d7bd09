import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerCreateRequest, ContainerInspect } from '../../runtime/api/types';
import type { ExecutorEngine } from '../execute';
import { containerModesById, inheritAnonymousVolumes } from './config-source';

const ANON = 'a'.repeat(64);
const IMAGE_VOL = 'b'.repeat(64);

function engineWith(mounts: ContainerInspect['Mounts']): ExecutorEngine {
  return { inspectContainer: async () => ({ Mounts: mounts }) as ContainerInspect } as unknown as ExecutorEngine;
}

test('a recreate reuses the old container\'s anonymous volumes at the same targets, never named ones', async () => {
  const body: ContainerCreateRequest = { HostConfig: { Mounts: [
    { Type: 'volume', Target: '/cache' },
    { Type: 'volume', Source: 'shop_data', Target: '/data' },
    { Type: 'bind', Source: '/srv', Target: '/srv' },
  ] } };
  await inheritAnonymousVolumes(body, 'old', engineWith([
    { Type: 'volume', Name: ANON, Source: '/x', Destination: '/cache', Mode: '', RW: true, Propagation: '' },
    { Type: 'volume', Name: 'shop_data', Source: '/y', Destination: '/data', Mode: '', RW: true, Propagation: '' },
    { Type: 'volume', Name: IMAGE_VOL, Source: '/z', Destination: '/var/lib/db', Mode: '', RW: true, Propagation: '' },
    { Type: 'bind', Source: '/srv', Destination: '/srv', Mode: '', RW: true, Propagation: '' },
  ]));
  assert.deepEqual(body.HostConfig?.Mounts?.map((m) => [m.Type, m.Source, m.Target]), [
    ['volume', ANON, '/cache'],
    ['volume', 'shop_data', '/data'],
    ['bind', '/srv', '/srv'],
    ['volume', IMAGE_VOL, '/var/lib/db'],
  ]);
});

test('ipc/pid container:<name> are recorded by the container\'s id; an unknown name is left as is', async () => {
  const ID = 'c'.repeat(64);
  const engine = { inspectContainer: async (n: string) => { if (n === 'ext') return { Id: ID } as ContainerInspect; throw new Error('no such container'); } };
  const body: ContainerCreateRequest = { HostConfig: { IpcMode: 'container:ext', PidMode: 'container:gone' } };
  await containerModesById(body, engine);
  assert.equal(body.HostConfig?.IpcMode, `container:${ID}`);
  assert.equal(body.HostConfig?.PidMode, 'container:gone');
  const shareable: ContainerCreateRequest = { HostConfig: { IpcMode: 'shareable' } };
  await containerModesById(shareable, engine);
  assert.equal(shareable.HostConfig?.IpcMode, 'shareable');
});

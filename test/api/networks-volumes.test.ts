// /networks and /volumes through berthd with the real network and volume services: a container
// on a user network with a named volume, its IP in inspect, a second container reaching it by
// name through the embedded DNS, connect/disconnect, and removal in Docker's order; engine reset
// leaves no bridge, namespace or nftables table behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Daemon } from '../../runtime/daemon/main';
import { EngineClient, demuxStream } from '../../core/engine/index';
import type { CoreError } from '../../core/errors';
import type { NetworkResource, Volume, VolumeListResponse } from '../../runtime/api/types';
import { makeDockerArchive } from '../fixtures/busybox-image';
import { removeCgroupParent, resetNetworks, tempRoot, testNames, unmountUnder, type TempRoot } from './helpers';

let t: TempRoot;
let daemon: Daemon;
let client: EngineClient;
const names = testNames();

before(async () => {
  t = await tempRoot('berth-api-net-');
  daemon = await Daemon.start({ root: t.root, socketPath: t.socketPath, log: () => undefined, ...names });
  client = new EngineClient(t.socketPath);
  await makeDockerArchive(join(t.dir, 'bb.tar'), { name: 'bb', tag: 'latest' });
  await client.loadImage(createReadStream(join(t.dir, 'bb.tar')));
});
after(async () => {
  for (const c of await client.listContainers({ all: true }).catch(() => [])) await client.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
  client?.close();
  if (t) await resetNetworks(t.socketPath);
  await daemon?.close();
  await unmountUnder(t.root);
  await removeCgroupParent(names.cgroupParent);
  await t?.cleanup();
});

const api = <T>(method: string, path: string, body?: unknown): Promise<T> => client.transport.json<T>({ method, path, body });

async function exec(id: string, cmd: string[]): Promise<{ out: string; code: number }> {
  const ex = await client.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const s = await ex.start();
  const out = new PassThrough();
  let text = '';
  out.on('data', (b: Buffer) => { text += b; });
  await demuxStream(s.socket, out, out);
  return { out: text, code: (await ex.inspect()).ExitCode ?? -1 };
}

test('a container on a user network with a named volume; DNS by name; connect and disconnect', async () => {
  const { Id: netId } = await api<{ Id: string }>('POST', '/networks/create', { Name: 'appnet', Labels: { app: 'x' } });
  const vol = await api<Volume>('POST', '/volumes/create', { Name: 'appdata' });
  assert.equal(vol.Name, 'appdata');
  const web = await client.createContainer({ Image: 'bb', Cmd: ['sh', '-c', 'echo saved > /data/f; exec httpd -f -p 80 -h /data'], HostConfig: { NetworkMode: 'appnet', Binds: ['appdata:/data'] } }, 'web');
  await client.getContainer('web').start();
  const info = await client.getContainer('web').inspect();
  const ip = info.NetworkSettings.Networks?.appnet?.IPAddress ?? '';
  assert.match(ip, /^10\.89\.\d+\.\d+$/);
  const net = await api<NetworkResource>('GET', '/networks/appnet');
  assert.equal(net.Id, netId);
  assert.ok(web.Id in net.Containers, 'the network lists the container');
  await client.createContainer({ Image: 'bb', Cmd: ['sleep', '300'], HostConfig: { NetworkMode: 'appnet' } }, 'client');
  await client.getContainer('client').start();
  const got = await exec('client', ['wget', '-q', '-O', '-', 'http://web/f']);
  assert.equal(got.out, 'saved\n', 'reached web by name through the embedded DNS');
  await api('POST', '/networks/create', { Name: 'other' });
  await client.transport.request({ method: 'POST', path: '/networks/other/connect', body: { Container: 'client' } }).then((r) => r.resume());
  assert.ok((await client.getContainer('client').inspect()).Id in (await api<NetworkResource>('GET', '/networks/other')).Containers);
  await client.transport.request({ method: 'POST', path: '/networks/other/disconnect', body: { Container: 'client' } }).then((r) => r.resume());
  assert.deepEqual(Object.keys((await api<NetworkResource>('GET', '/networks/other')).Containers), []);
  await assert.rejects(client.transport.request({ method: 'DELETE', path: '/networks/appnet' }), (e: CoreError) => e.code === 'CONFLICT');
  await assert.rejects(client.transport.request({ method: 'DELETE', path: '/volumes/appdata' }), (e: CoreError) => e.code === 'CONFLICT');
  await client.getContainer('web').remove({ force: true });
  await client.getContainer('client').remove({ force: true });
  for (const p of ['/networks/appnet', '/networks/other', '/volumes/appdata']) (await client.transport.request({ method: 'DELETE', path: p })).resume();
  const vols = await api<VolumeListResponse>('GET', '/volumes');
  assert.deepEqual(vols.Volumes.map((v) => v.Name), []);
  await assert.rejects(api('GET', '/networks/appnet'), (e: CoreError) => e.code === 'NOT_FOUND');
});

test('engine reset drops every bridge, namespace and the nftables table of this engine', async () => {
  await resetNetworks(t.socketPath);
  const links = execFileSync('ip', ['-o', 'link'], { encoding: 'utf8' });
  assert.ok(!links.includes(`${names.networkPrefix}b`), 'no bridge left');
  assert.ok(!execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).includes(names.networkPrefix), 'no namespace left');
  assert.ok(!execFileSync('nft', ['list', 'tables'], { encoding: 'utf8' }).includes(names.networkPrefix), 'no table left');
});

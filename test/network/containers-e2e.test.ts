// End to end with the real container layer (runtime/containers over crun/runc, busybox rootfs):
// containers on a Berth network find each other by alias through the embedded DNS (their own
// /etc/resolv.conf), a named volume gets image content copied up and keeps data, and a
// published port answers on 127.0.0.1. Nothing of the run is left afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeHarness, logText, type Harness } from '../containers/harness';
import { ContainerService } from '../../runtime/containers/index';
import { containerNetworkHook } from '../../runtime/network/index';
import { ContainerMounts, VolumeService } from '../../runtime/volumes/index';
import { makeEnv, destroyEnv, settledLeftovers, nothingLeft, waitFor, type Env } from './helpers';

let h: Harness;
let env: Env;
let svc: ContainerService;
let vols: VolumeService;

before(async () => {
  h = await makeHarness();
  env = await makeEnv();
  vols = new VolumeService({ stateRoot: h.root });
  svc = await ContainerService.open({ ...h.opts, network: containerNetworkHook(env.svc), mounts: new ContainerMounts(vols, h.root) });
  await env.svc.create({ Name: 'e2e_default' });
});

after(async () => {
  for (const c of svc.list({ all: true })) await svc.remove(c.Id, { force: true, volumes: true }).catch(() => undefined);
  svc.close();
  await h.cleanup();
  await destroyEnv(env);
});

async function waitExit(id: string): Promise<number> {
  await waitFor(() => svc.inspect(id).State.Status === 'exited', 15000);
  return svc.inspect(id).State.ExitCode;
}

test('containers resolve each other by alias, share data through a named volume, and publish a port', async () => {
  const net = { NetworkMode: 'e2e_default' };
  // /home holds /home/app (uid 1000) in the image: the empty volume mounted there gets it copied up.
  const web = await svc.create({
    Image: 'busybox', Hostname: 'web',
    Cmd: ['sh', '-c', 'mkdir -p /www && hostname > /www/index.html && stat -c %u /home/app >> /www/index.html && echo kept > /home/marker && httpd -f -p 80 -h /www'],
    HostConfig: { ...net, Binds: ['e2e-home:/home'], PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
    NetworkingConfig: { EndpointsConfig: { e2e_default: { Aliases: ['websvc'] } } },
  }, 'e2e-web-1');
  await svc.start(web.Id);
  const client = await svc.create({
    Image: 'busybox',
    Cmd: ['sh', '-c', 'for i in $(seq 1 50); do wget -q -O - http://websvc/ && exit 0; sleep 0.1; done; exit 1'],
    HostConfig: net,
  }, 'e2e-client-1');
  await svc.start(client.Id);
  assert.equal(await waitExit(client.Id), 0, await logText(svc, client.Id));
  assert.equal(await logText(svc, client.Id), 'web\n1000\n');
  const port = svc.inspect(web.Id).NetworkSettings.Ports?.['80/tcp']?.[0]?.HostPort;
  assert.equal(await (await fetch(`http://127.0.0.1:${port}/`)).text(), 'web\n1000\n');
  // The volume is in use while web runs, and keeps its data for the next container.
  await assert.rejects(vols.remove('e2e-home'), /in use/);
  const reader = await svc.create({ Image: 'busybox', Cmd: ['cat', '/home/marker'], HostConfig: { NetworkMode: 'none', Binds: ['e2e-home:/home:ro'] } }, 'e2e-reader-1');
  await svc.start(reader.Id);
  assert.equal(await waitExit(reader.Id), 0);
  assert.equal(await logText(svc, reader.Id), 'kept\n');
});

test('after the containers and the network are removed nothing is left', async () => {
  for (const c of svc.list({ all: true })) await svc.remove(c.Id, { force: true });
  await vols.remove('e2e-home');
  await env.svc.remove('e2e_default');
  assert.deepEqual(await settledLeftovers(env.prefix, nothingLeft), { links: [], netns: [], tables: [], mounts: [] });
});

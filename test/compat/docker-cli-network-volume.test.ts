// The real `docker` CLI (v28, client only) against berthd for networks and volumes: network
// create (default pool, --subnet, --internal), ls/inspect, run --network/--network-alias with DNS
// between containers, run -p answering on 127.0.0.1, network connect/disconnect, volume create,
// run -v named volume surviving container removal, run -v bind :ro, volume ls/inspect/rm (in use
// refused), network rm; then no bridge, veth, netns, nftables table or mount of this engine left.
// Traffic goes only to 127.0.0.1 and to the bridges/namespaces this test's engine created.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { get } from 'node:http';
import { Daemon } from '../../runtime/daemon/main';
import { readHostRoutes } from '../../runtime/network/host-routes';
import { overlaps, parseCidr } from '../../runtime/network/ipv4';
import { makeDockerArchive } from '../fixtures/busybox-image';
import { runDocker, type Run } from './docker-runner';
import { removeCgroupParent, resetNetworks, tempRoot, testNames, unmountUnder, type TempRoot } from '../api/helpers';
import { leftovers, waitFor } from '../network/helpers';
import { ifName } from '../../runtime/network/names';

let t: TempRoot;
let daemon: Daemon | undefined;
const { networkPrefix, cgroupParent } = testNames();
const CONTAINERS = ['nv-anon', 'nv-a', 'nv-b', 'nv-web', 'nv-w1', 'nv-r2', 'nv-bind', 'nv-int'];

before(async () => {
  t = await tempRoot('berth-compat-netvol-');
  daemon = await Daemon.start({ root: t.root, socketPath: t.socketPath, log: () => undefined, cgroupParent, networkPrefix });
  await makeDockerArchive(join(t.dir, 'bb.tar'), { name: 'bb', tag: 'latest' });
  await mkdir(join(t.dir, 'docker-config'));
  await ok(['load', '-i', join(t.dir, 'bb.tar')]);
});
after(async () => {
  if (daemon) {
    for (const c of CONTAINERS) await docker(['rm', '-f', c]).catch(() => undefined);
    for (const n of ['nv-net', 'nv-int', 'nv-other']) await docker(['network', 'rm', n]).catch(() => undefined);
    for (const v of ['nv-vol', 'nv-etc']) await docker(['volume', 'rm', '-f', v]).catch(() => undefined);
    await resetNetworks(t.socketPath);
    await daemon.close();
  }
  if (t) await unmountUnder(t.root);
  await removeCgroupParent(cgroupParent);
  await t?.cleanup();
});

const docker = (args: string[]): Promise<Run> => runDocker(t, args);

async function ok(args: string[]): Promise<string> {
  const r = await docker(args);
  assert.equal(r.code, 0, `docker ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** A /24 in 10.89.0.0/16 that no host route touches (high third octets, away from the pool's start). */
async function freeSubnet(): Promise<string> {
  const routes = (await readHostRoutes()).map(parseCidr).filter((r) => r.prefix > 0);
  for (let i = 0; i < 64; i++) {
    const subnet = `10.89.${200 + Math.floor(Math.random() * 50)}.0/24`;
    if (!routes.some((r) => overlaps(r, parseCidr(subnet)))) return subnet;
  }
  throw new Error('no free /24 in 10.89.200.0-10.89.249.0');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { timeout: 3000 }, (res) => {
      let body = '';
      res.on('data', (b: Buffer) => { body += b; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

async function until<T>(fn: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) { last = e; }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`condition not met in time${last ? `: ${String(last)}` : ''}`);
}

const inspectJson = async <T>(args: string[]): Promise<T> => JSON.parse(await ok([...args, '--format', '{{json .}}'])) as T;

interface NetInspect { Name: string; Id: string; Driver: string; Internal: boolean; IPAM: { Config: { Subnet?: string; Gateway?: string }[] }; Containers: Record<string, { Name: string; IPv4Address: string }> }

let subnet = '';
const netIds = { net: '', int: '' };

test('docker network create (default pool, --subnet, --internal), ls, inspect', async () => {
  const id = (await ok(['network', 'create', '--label', 'suite=nv', 'nv-net'])).trim();
  assert.match(id, /^[0-9a-f]{64}$/);
  subnet = await freeSubnet();
  netIds.net = id;
  netIds.int = (await ok(['network', 'create', '--internal', '--subnet', subnet, 'nv-int'])).trim();
  const dup = await docker(['network', 'create', 'nv-net']);
  assert.notEqual(dup.code, 0, 'a second network of the same name is refused');
  assert.match(dup.stderr, /already exists/);
  const ls = (await ok(['network', 'ls', '--format', '{{.Name}} {{.Driver}}'])).trim().split('\n');
  for (const line of ['nv-net bridge', 'nv-int bridge']) assert.ok(ls.includes(line), `ls lists "${line}": ${ls.join(', ')}`);
  assert.deepEqual((await ok(['network', 'ls', '-q', '--filter', 'label=suite=nv'])).trim().split('\n').map((s) => s.slice(0, 12)), [id.slice(0, 12)]);
  const net = await inspectJson<NetInspect>(['network', 'inspect', 'nv-net']);
  assert.equal(net.Id, id);
  assert.equal(net.Driver, 'bridge');
  assert.equal(net.Internal, false);
  assert.match(net.IPAM.Config[0]?.Subnet ?? '', /^10\.89\.\d+\.0\/24$/, 'a /24 from the default pool');
  const internal = await inspectJson<NetInspect>(['network', 'inspect', 'nv-int']);
  assert.equal(internal.Internal, true);
  assert.equal(internal.IPAM.Config[0]?.Subnet, subnet);
  assert.equal(internal.IPAM.Config[0]?.Gateway, subnet.replace(/0\/24$/, '1'));
});

test('docker run --network --network-alias: a sibling resolves the name and the alias by DNS', async () => {
  await ok(['run', '-d', '--network', 'nv-net', '--network-alias', 'web-alias', '--name', 'nv-a', 'bb',
    'sh', '-c', 'mkdir -p /www && echo from-a > /www/index.html && exec httpd -f -p 80 -h /www']);
  await ok(['run', '-d', '--network', 'nv-net', '--name', 'nv-b', 'bb', 'sleep', '300']);
  const aIp = (await ok(['inspect', '--format', '{{(index .NetworkSettings.Networks "nv-net").IPAddress}}', 'nv-a'])).trim();
  assert.match(aIp, /^10\.89\.\d+\.\d+$/);
  const aliases = (await ok(['inspect', '--format', '{{json (index .NetworkSettings.Networks "nv-net").Aliases}}', 'nv-a'])).trim();
  assert.match(aliases, /web-alias/);
  const look = await ok(['exec', 'nv-b', 'nslookup', 'nv-a']);
  assert.ok(look.includes(aIp), `nslookup nv-a gives ${aIp}: ${look}`);
  const lookAlias = await ok(['exec', 'nv-b', 'nslookup', 'web-alias']);
  assert.ok(lookAlias.includes(aIp), `nslookup web-alias gives ${aIp}: ${lookAlias}`);
  const byName = await until(async () => (await docker(['exec', 'nv-b', 'wget', '-q', '-O', '-', 'http://nv-a/'])).stdout || undefined);
  assert.equal(byName, 'from-a\n');
  assert.equal(await ok(['exec', 'nv-b', 'wget', '-q', '-O', '-', 'http://web-alias/']), 'from-a\n');
  const net = await inspectJson<NetInspect>(['network', 'inspect', 'nv-net']);
  assert.deepEqual(Object.values(net.Containers).map((c) => c.Name).sort(), ['nv-a', 'nv-b']);
  // No lookup of an unknown name here: on a non-internal network it would be forwarded to the
  // host's resolver (traffic outside what this test created); the internal network's test does it.
});

test('docker run -p 127.0.0.1:<port>:80 answers an HTTP request from the host', async () => {
  const port = await freePort();
  await ok(['run', '-d', '-p', `127.0.0.1:${port}:80`, '--name', 'nv-web', 'bb',
    'sh', '-c', 'mkdir -p /www && echo published > /www/index.html && exec httpd -f -p 80 -h /www']);
  const ports = await ok(['port', 'nv-web']);
  assert.match(ports, new RegExp(`^80/tcp -> 127\\.0\\.0\\.1:${port}$`, 'm'));
  assert.match(await ok(['ps', '--format', '{{.Names}} {{.Ports}}']), new RegExp(`^nv-web 127\\.0\\.0\\.1:${port}->80/tcp$`, 'm'));
  const res = await until(async () => httpGet(`http://127.0.0.1:${port}/`));
  assert.equal(res.status, 200);
  assert.equal(res.body, 'published\n');
  const clash = await docker(['run', '-d', '-p', `127.0.0.1:${port}:80`, '--name', 'nv-r2', 'bb', 'sleep', '300']);
  assert.notEqual(clash.code, 0, 'the same host port twice is refused');
  assert.match(clash.stderr, new RegExp(`${port}.*nv-web`), `the error names the holder: ${clash.stderr}`);
  await docker(['rm', '-f', 'nv-r2']);
  // A random host port (-p 127.0.0.1::80): docker port tells which, and it answers.
  await ok(['run', '-d', '-p', '127.0.0.1::80', '--name', 'nv-r2', 'bb',
    'sh', '-c', 'mkdir -p /www && echo random > /www/index.html && exec httpd -f -p 80 -h /www']);
  const random = Number(/^127\.0\.0\.1:(\d+)$/m.exec(await ok(['port', 'nv-r2', '80/tcp']))?.[1]);
  assert.ok(random > 0 && random !== port, `a host port was chosen: ${random}`);
  assert.equal((await until(async () => httpGet(`http://127.0.0.1:${random}/`))).body, 'random\n');
  await ok(['rm', '-f', 'nv-r2']);
  await ok(['rm', '-f', 'nv-web']);
  await assert.rejects(httpGet(`http://127.0.0.1:${port}/`), 'the port is released with the container');
});

test('docker network connect / disconnect a running container', async () => {
  const bridgeMac = () => readFile(`/sys/class/net/${ifName(networkPrefix, 'b', netIds.int)}/address`, 'utf8');
  const macBefore = await bridgeMac();
  await ok(['network', 'connect', '--alias', 'b-int', 'nv-int', 'nv-b']);
  const entry = () => inspectJson<NetInspect>(['network', 'inspect', 'nv-int']).then((n) => Object.values(n.Containers));
  const [joined] = await entry();
  assert.equal(joined?.Name, 'nv-b', 'the network lists the connected container');
  const ip = joined.IPv4Address.replace(/\/24$/, '');
  assert.ok(ip.startsWith(subnet.replace(/0\/24$/, '')), `${ip} in ${subnet}`);
  const addrs = await ok(['exec', 'nv-b', 'ip', '-o', '-4', 'addr']);
  assert.match(addrs, new RegExp(`eth1\\s+inet ${ip.replace(/\./g, '\\.')}/24`), `the container has ${ip}/24 on eth1: ${addrs}`);
  await ok(['run', '-d', '--network', 'nv-int', '--name', 'nv-int', 'bb', 'sleep', '300']);
  const look = await ok(['exec', 'nv-int', 'nslookup', 'b-int']);
  assert.ok(look.includes(ip), `the connect alias resolves on the internal network: ${look}`);
  assert.equal((await docker(['exec', 'nv-int', 'ping', '-c', '1', '-W', '2', ip])).code, 0, 'reaches nv-b on the internal network');
  await ok(['network', 'disconnect', 'nv-int', 'nv-b']);
  assert.equal((await ok(['exec', 'nv-b', 'ip', '-o', '-4', 'addr'])).includes(`${ip}/`), false, 'the address is gone');
  assert.deepEqual((await entry()).map((c) => c.Name), ['nv-int']);
  // A bridge takes its lowest port's MAC unless given one; a change leaves the containers' ARP
  // entry for the gateway (their DNS server) stale, and the lookup below timed out.
  assert.equal(await bridgeMac(), macBefore, 'the bridge MAC did not move with its ports');
  // Answered NXDOMAIN by the embedded DNS itself: an internal network forwards nothing upstream.
  const gone = await docker(['exec', 'nv-int', 'nslookup', 'b-int']);
  assert.notEqual(gone.code, 0, 'the alias no longer resolves after disconnect');
  assert.match(gone.stdout + gone.stderr, /NXDOMAIN/);
});

// berthd's networks backend (runtime/daemon/wire.ts) connects the running container in the network
// service but does not refresh the container record's NetworkSettings, so `docker inspect` keeps
// the start-time snapshot (dockerd shows the new endpoint at once). Reported; not in this task's paths.
test('docker inspect shows a network connected at run time', async () => {
  await ok(['network', 'connect', 'nv-int', 'nv-b']);
  try {
    const nets = JSON.parse(await ok(['inspect', '--format', '{{json .NetworkSettings.Networks}}', 'nv-b'])) as Record<string, { IPAddress: string }>;
    assert.match(nets['nv-int']?.IPAddress ?? '', /^10\.89\./);
  } finally {
    await ok(['network', 'disconnect', 'nv-int', 'nv-b']);
  }
});

test('docker volume create, run -v vol:/data across container removal, volume ls/inspect/rm', async () => {
  assert.equal((await ok(['volume', 'create', '--label', 'suite=nv', 'nv-vol'])).trim(), 'nv-vol');
  const vol = await inspectJson<{ Name: string; Driver: string; Mountpoint: string; Labels: Record<string, string> }>(['volume', 'inspect', 'nv-vol']);
  assert.equal(vol.Driver, 'local');
  assert.equal(vol.Labels.suite, 'nv');
  assert.ok(vol.Mountpoint.startsWith(t.root), `${vol.Mountpoint} under the state root`);
  assert.ok((await ok(['volume', 'ls', '--format', '{{.Driver}} {{.Name}}'])).split('\n').includes('local nv-vol'));
  await ok(['run', '--name', 'nv-w1', '-v', 'nv-vol:/data', 'bb', 'sh', '-c', 'echo kept > /data/f']);
  const inUse = await docker(['volume', 'rm', 'nv-vol']);
  assert.notEqual(inUse.code, 0, 'a volume used by a container (even stopped) is not removed');
  assert.match(inUse.stderr, /in use/);
  await ok(['rm', 'nv-w1']);
  assert.equal(await ok(['run', '--rm', '-v', 'nv-vol:/data:ro', 'bb', 'cat', '/data/f']), 'kept\n');
  assert.equal((await ok(['volume', 'rm', 'nv-vol'])).trim(), 'nv-vol');
  // A new named volume mounted over image content gets that content copied up, as Docker does.
  assert.match(await ok(['run', '--rm', '-v', 'nv-etc:/etc', 'bb', 'cat', '/etc/passwd']), /^root:/m);
  assert.match(await ok(['run', '--rm', '-v', 'nv-etc:/other', 'bb', 'cat', '/other/passwd']), /^root:/m, 'kept in the volume');
  assert.equal((await ok(['volume', 'rm', 'nv-etc'])).trim(), 'nv-etc');
  assert.equal((await ok(['volume', 'ls', '-q'])).split('\n').includes('nv-vol'), false);
});

test('docker rm -v removes a container\'s anonymous volume', async () => {
  const before = (await ok(['volume', 'ls', '-q'])).trim();
  await ok(['run', '--name', 'nv-anon', '-v', '/data', 'bb', 'true']);
  assert.notEqual((await ok(['volume', 'ls', '-q'])).trim(), before, 'an anonymous volume was made');
  await ok(['rm', '-v', 'nv-anon']);
  assert.equal((await ok(['volume', 'ls', '-q'])).trim(), before);
});

// `docker run --rm` removes the container's anonymous volumes too (documented: "similar to docker
// rm -v"; dockerd's autoremove passes RemoveVolume). runtime/containers/container-lifecycle.ts
// removes an AutoRemove container with { force: true } only, so the volume stays. Reported.
test('docker run --rm removes the anonymous volume with the container', async () => {
  const before = (await ok(['volume', 'ls', '-q'])).trim();
  await ok(['run', '--rm', '-v', '/data', 'bb', 'true']);
  try {
    await until(async () => ((await ok(['volume', 'ls', '-q'])).trim() === before ? true : undefined), 2000);
  } finally {
    await ok(['volume', 'prune', '-f']);
  }
});

test('docker run -v /hostdir:/mnt:ro bind mount', async () => {
  const dir = join(t.dir, 'hostdir');
  await mkdir(dir);
  await writeFile(join(dir, 'hello'), 'from the host\n');
  assert.equal(await ok(['run', '--rm', '-v', `${dir}:/mnt:ro`, 'bb', 'cat', '/mnt/hello']), 'from the host\n');
  const w = await docker(['run', '--name', 'nv-bind', '-v', `${dir}:/mnt:ro`, 'bb', 'sh', '-c', 'echo x > /mnt/new']);
  assert.notEqual(w.code, 0, 'writing through a read-only bind fails');
  assert.match(w.stderr, /Read-only file system/);
  await ok(['rm', 'nv-bind']);
  const rw = await ok(['run', '--rm', '-v', `${dir}:/mnt`, 'bb', 'sh', '-c', 'echo y > /mnt/new && cat /mnt/new']);
  assert.equal(rw, 'y\n');
});

test('docker network rm: refused while in use, then nothing of this engine is left on the host', async () => {
  const busy = await docker(['network', 'rm', 'nv-net']);
  assert.notEqual(busy.code, 0, 'a network with containers is not removed');
  assert.match(busy.stderr, /active endpoints/);
  // The predefined `bridge` network (made when nv-web started) can be neither removed nor made.
  const rmBridge = await docker(['network', 'rm', 'bridge']);
  assert.notEqual(rmBridge.code, 0);
  assert.match(rmBridge.stderr, /pre-defined network and cannot be removed/);
  const bridgeId = (await ok(['network', 'inspect', '--format', '{{.Id}}', 'bridge'])).trim();
  assert.notEqual((await docker(['network', 'rm', bridgeId.slice(0, 12)])).code, 0, 'nor by id');
  assert.match((await docker(['network', 'create', 'bridge'])).stderr, /predefined bridge network/);
  for (const c of ['nv-a', 'nv-b', 'nv-int']) await ok(['rm', '-f', c]);
  assert.equal((await ok(['network', 'rm', 'nv-net', 'nv-int'])).trim(), 'nv-net\nnv-int');
  const names = (await ok(['network', 'ls', '--format', '{{.Name}}'])).trim().split('\n');
  assert.ok(!names.includes('nv-net') && !names.includes('nv-int'), names.join(','));
  assert.equal((await ok(['ps', '-a', '-q'])).trim(), '');
  // What dockerd keeps while it runs: the predefined `bridge` network (its bridge and the nft
  // table, used by nv-web above) and, here, the spare namespaces kept ready for the next attach
  // (two: runtime/network/context.ts), but none of the removed containers' namespaces.
  await waitFor(async () => (await leftovers(networkPrefix)).netns.length <= 2, 5000);
  const running = await leftovers(networkPrefix);
  assert.deepEqual(running.links.filter((l) => l.startsWith(`${networkPrefix}v`)), [], 'no veth left');
  for (const id of [netIds.net, netIds.int]) assert.ok(!running.links.includes(ifName(networkPrefix, 'b', id)), `bridge of ${id} removed`);
  // Engine reset (`berth engine reset`) then removes the rest: nothing of this engine is left.
  await resetNetworks(t.socketPath);
  assert.deepEqual(await leftovers(networkPrefix), { links: [], netns: [], tables: [], mounts: [] });
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8');
  assert.deepEqual(mountinfo.split('\n').filter((l) => l.split(' ')[4]?.startsWith(t.root + '/')), [], 'no mount under the state root');
});

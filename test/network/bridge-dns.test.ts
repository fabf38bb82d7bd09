// Two namespaces on one bridge network find each other by name and alias through Berth's DNS,
// replicas share a name (several A records), and a namespace on two networks reaches both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { makeEnv, destroyEnv, settledLeftovers, nothingLeft, nsRun, nsSpawn, waitFor, containerId, type Env } from './helpers';
import type { SandboxInfo } from '../../runtime/network/index';

let env: Env;
const ids = { web1: containerId(), web2: containerId(), client: containerId(), other: containerId() };
const info: Record<string, SandboxInfo> = {};
const ns = (s: SandboxInfo) => (s.netnsPath as string).split('/').pop() as string;

before(async () => {
  env = await makeEnv();
  await env.svc.create({ Name: 'front', Labels: { 'com.docker.compose.project': 'p' } });
  await env.svc.create({ Name: 'back' });
  info.web1 = await env.svc.prepareNetwork(ids.web1, { name: 'p-web-1', networkMode: 'front', endpoints: { front: { Aliases: ['web'] } } });
  info.web2 = await env.svc.prepareNetwork(ids.web2, { name: 'p-web-2', networkMode: 'front', endpoints: { front: { Aliases: ['web'] } } });
  info.other = await env.svc.prepareNetwork(ids.other, { name: 'p-db-1', networkMode: 'back', endpoints: { back: { Aliases: ['db'] } } });
  info.client = await env.svc.prepareNetwork(ids.client, {
    name: 'p-client-1', hostname: 'client', networkMode: 'front', endpoints: { front: {}, back: {} },
    dnsSearch: ['example.test'], dnsOptions: ['timeout:1'], extraHosts: ['gw.test:host-gateway', 'fixed.test:10.89.200.200'],
  });
});

/** The httpd document roots made by the tests, removed with the rest. */
const wwwDirs: string[] = [];

after(async () => {
  await Promise.all(wwwDirs.map((d) => rm(d, { recursive: true, force: true })));
  await destroyEnv(env);
});

test('endpoints get eth0/eth1, addresses from the pool and a default route on the first network', async () => {
  const front = await env.svc.inspect('front');
  assert.equal(Object.keys(front.Containers).length, 3);
  assert.ok(front.IPAM.Config[0].Subnet.endsWith('/24'));
  const c = info.client.networks;
  assert.deepEqual(Object.keys(c), ['front', 'back']);
  const addrs = await nsRun(ns(info.client), ['ip', '-o', '-4', 'addr']);
  assert.match(addrs, new RegExp(`eth0\\s+inet ${c.front.IPAddress.replace(/\./g, '\\.')}/24`));
  assert.match(addrs, new RegExp(`eth1\\s+inet ${c.back.IPAddress.replace(/\./g, '\\.')}/24`));
  assert.match(addrs, /lo\s+inet 127\.0\.0\.1/);
  assert.match(await nsRun(ns(info.client), ['ip', 'route']), new RegExp(`default via ${c.front.Gateway} dev eth0`));
  assert.equal((await nsRun(ns(info.client), ['cat', `/sys/class/net/eth0/address`])).trim(), c.front.MacAddress);
});

test('a name, an alias and a replica set resolve through the DNS on the gateway', async () => {
  const gw = info.client.networks.front.Gateway;
  const byName = await nsRun(ns(info.client), ['busybox', 'nslookup', 'p-web-1', gw]);
  assert.match(byName, new RegExp(info.web1.networks.front.IPAddress.replace(/\./g, '\\.')));
  const replicas = await nsRun(ns(info.client), ['busybox', 'nslookup', '-type=a', 'web', gw]);
  assert.match(replicas, new RegExp(info.web1.networks.front.IPAddress.replace(/\./g, '\\.')));
  assert.match(replicas, new RegExp(info.web2.networks.front.IPAddress.replace(/\./g, '\\.')));
  // <name>.<network> works too.
  assert.match(await nsRun(ns(info.client), ['busybox', 'nslookup', 'p-web-2.front', gw]), new RegExp(info.web2.networks.front.IPAddress.replace(/\./g, '\\.')));
  // The client is also on `back`, so the `db` alias of a container there resolves for it...
  const db = await nsRun(ns(info.client), ['busybox', 'nslookup', 'db', gw]);
  assert.match(db, new RegExp(info.other.networks.back.IPAddress.replace(/\./g, '\\.')));
  // ...but not for web1, which is only on `front`.
  await assert.rejects(nsRun(ns(info.web1), ['busybox', 'nslookup', 'db', info.web1.networks.front.Gateway]));
});

test('replicas come back in rotating order (round robin)', async () => {
  const gw = info.client.networks.front.Gateway;
  const firsts = new Set<string>();
  for (let i = 0; i < 4; i++) {
    const out = await nsRun(ns(info.client), ['busybox', 'nslookup', '-type=a', 'web', gw]);
    const addrs = [...out.matchAll(/Address: (10\.89\.\d+\.\d+)/g)].map((m) => m[1]);
    firsts.add(addrs[0]);
  }
  assert.equal(firsts.size, 2);
});

test('a namespace on two networks reaches a server on each, by name', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-www-'));
  wwwDirs.push(dir);
  await writeFile(join(dir, 'index.html'), 'hello from web1\n');
  nsSpawn(env, ns(info.web1), ['busybox', 'httpd', '-f', '-p', '80', '-h', dir]);
  nsSpawn(env, ns(info.other), ['busybox', 'httpd', '-f', '-p', '80', '-h', dir]);
  const client = ns(info.client);
  const web1 = info.web1.networks.front.IPAddress;
  await waitFor(() => nsRun(client, ['busybox', 'wget', '-q', '-O', '-', `http://${web1}/`]).then(() => true, () => false));
  // Name resolution through the container's own resolv.conf (mounted over /etc/resolv.conf).
  const viaName = (host: string) => nsRun(client, ['sh', '-c', `mount --bind ${info.client.resolvConfPath} /etc/resolv.conf && busybox wget -q -O - http://${host}/`]);
  assert.equal(await viaName('p-web-1'), 'hello from web1\n');
  assert.equal(await viaName('db'), 'hello from web1\n');
});

test('resolv.conf and hosts are written as Docker writes them', async () => {
  const resolv = await readFile(info.client.resolvConfPath, 'utf8');
  assert.match(resolv, new RegExp(`nameserver ${info.client.networks.front.Gateway}\n`));
  assert.match(resolv, /search example\.test\n/);
  assert.match(resolv, /options ndots:0 timeout:1\n/);
  const hosts = await readFile(info.client.hostsPath, 'utf8');
  assert.match(hosts, new RegExp(`${info.client.networks.front.Gateway}\tgw\\.test`));
  assert.match(hosts, /10\.89\.200\.200\tfixed\.test/);
  assert.match(hosts, new RegExp(`${info.client.networks.front.IPAddress}\tclient`));
});

test('removal leaves no bridge, veth, netns, nft table or mount behind', async () => {
  await assert.rejects(env.svc.remove('front'), /active endpoints/);
  // As the engine does: the release comes once the container's processes are gone.
  for (const c of env.children) c.kill('SIGKILL');
  await waitFor(() => env.children.every((c) => c.exitCode !== null || c.signalCode !== null));
  for (const id of Object.values(ids)) await env.svc.releaseNetwork(id);
  assert.deepEqual((await env.svc.prune()).sort(), ['back', 'front']);
  assert.deepEqual(await settledLeftovers(env.prefix, nothingLeft), { links: [], netns: [], tables: [], mounts: [] });
});

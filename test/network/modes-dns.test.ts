// DNS forwarding (to fake upstream resolvers on 127.0.0.x run by this test), network modes host,
// none and container:<id>, connect/disconnect of a running sandbox, user IPAM, and a restart of the
// service that brings DNS back from the records.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { readFile, writeFile, readdir } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as dnsPacket from 'dns-packet';
import { makeEnv, destroyEnv, leftovers, settledLeftovers, nsRun, containerId, type Env } from './helpers';
import { NetworkService } from '../../runtime/network/index';
import { formatIp, parseCidr } from '../../runtime/network/ipv4';

interface Fake { socket: Socket; host: string; port: number; queries: string[] }

/** A resolver on loopback that answers every A query with `answer`; nothing is sent anywhere else. */
async function fakeUpstream(host: string, answer: string): Promise<Fake> {
  const socket = createSocket('udp4');
  const fake: Fake = { socket, host, port: 0, queries: [] };
  socket.on('message', (msg, r) => {
    const q = dnsPacket.decode(msg);
    fake.queries.push(q.questions?.[0]?.name ?? '');
    const reply = dnsPacket.encode({ type: 'response', id: q.id, flags: dnsPacket.RECURSION_AVAILABLE, questions: q.questions, answers: [{ type: 'A', name: q.questions?.[0]?.name ?? '', ttl: 5, data: answer }] });
    socket.send(reply, r.port, r.address);
  });
  await new Promise<void>((res) => socket.bind(0, host, () => res()));
  fake.port = socket.address().port;
  return fake;
}

let env: Env;
let hostFake: Fake;
let ownFake: Fake;
const ns = (p: string | null) => (p as string).split('/').pop() as string;

before(async () => {
  hostFake = await fakeUpstream('127.0.0.61', '10.89.254.1');
  ownFake = await fakeUpstream('127.0.0.62', '10.89.254.2');
  env = await makeEnv({ upstreams: [{ host: hostFake.host, port: hostFake.port }] });
  const resolv = join(env.root, 'host-resolv.conf');
  await writeFile(resolv, 'nameserver 127.0.0.63\nsearch host.test\n');
  // Reopen with a host resolv.conf of our own, for host/none modes.
  await env.svc.close();
  env.svc = await NetworkService.open({ stateRoot: env.root, prefix: env.prefix, pool: env.pool, hostResolvConf: resolv, upstreams: [{ host: hostFake.host, port: hostFake.port }] });
});

after(async () => {
  await destroyEnv(env);
  hostFake.socket.close();
  ownFake.socket.close();
});

test('names not on the network go to the host resolvers, or to the container\'s own dns; internal networks forward nothing', async () => {
  await env.svc.create({ Name: 'fwd' });
  await env.svc.create({ Name: 'closed', Internal: true });
  const a = await env.svc.prepareNetwork(containerId(), { name: 'a', networkMode: 'fwd' });
  const b = await env.svc.prepareNetwork(containerId(), { name: 'b', networkMode: 'fwd', dns: [`${ownFake.host}:${ownFake.port}`] });
  const c = await env.svc.prepareNetwork(containerId(), { name: 'c', networkMode: 'closed' });
  assert.match(await nsRun(ns(a.netnsPath), ['busybox', 'nslookup', 'somewhere.example', a.networks.fwd.Gateway]), /10\.89\.254\.1/);
  assert.match(await nsRun(ns(b.netnsPath), ['busybox', 'nslookup', 'elsewhere.example', b.networks.fwd.Gateway]), /10\.89\.254\.2/);
  assert.ok(hostFake.queries.includes('somewhere.example') && !hostFake.queries.includes('elsewhere.example'));
  assert.ok(ownFake.queries.includes('elsewhere.example'));
  const before = hostFake.queries.length;
  await assert.rejects(nsRun(ns(c.netnsPath), ['busybox', 'nslookup', 'outside.example', c.networks.closed.Gateway]), (e: { stdout?: string }) => /NXDOMAIN/.test(e.stdout ?? ''));
  assert.equal(hostFake.queries.length, before);
  // A name on the internal network itself still resolves.
  assert.match(await nsRun(ns(c.netnsPath), ['busybox', 'nslookup', 'c', c.networks.closed.Gateway]), new RegExp(c.networks.closed.IPAddress));
});

test('the default mode joins the predefined `bridge` network, created on first use', async () => {
  assert.equal((await env.svc.list({ name: ['bridge'] })).length, 0);
  const s = await env.svc.prepareNetwork(containerId(), { name: 'plain' });
  const bridge = await env.svc.inspect('bridge');
  assert.equal(bridge.Options['com.docker.network.bridge.default_bridge'], 'true');
  assert.equal(s.networks.bridge.NetworkID, bridge.Id);
  await assert.rejects(env.svc.remove('host'), /pre-defined/);
  const out = await nsRun(ns(s.netnsPath), ['busybox', 'nslookup', 'plain', s.networks.bridge.Gateway]);
  assert.match(out, new RegExp(s.networks.bridge.IPAddress));
});

test('host, none and container:<id> modes', async () => {
  const host = await env.svc.prepareNetwork(containerId(), { name: 'h', networkMode: 'host', dnsSearch: ['mine.test'], extraHosts: ['x.test:10.89.250.9'] });
  assert.equal(host.netnsPath, null);
  assert.equal(await readFile(host.resolvConfPath, 'utf8'), '# Generated by Berth.\nnameserver 127.0.0.63\nsearch mine.test\n');
  assert.match(await readFile(host.hostsPath, 'utf8'), /10\.89\.250\.9\tx\.test/);
  const noneId = containerId();
  const none = await env.svc.prepareNetwork(noneId, { name: 'n', networkMode: 'none' });
  assert.deepEqual((await nsRun(ns(none.netnsPath), ['ip', '-o', 'link'])).trim().split('\n').map((l) => l.split(':')[1].trim()), ['lo']);
  const joiner = await env.svc.prepareNetwork(containerId(), { name: 'j', networkMode: `container:${noneId}` });
  assert.equal(joiner.netnsPath, none.netnsPath);
  assert.equal(joiner.hostsPath, none.hostsPath);
});

test('connect and disconnect a running sandbox: eth1 comes and goes, DNS follows, the default route moves', async () => {
  await env.svc.create({ Name: 'one' });
  await env.svc.create({ Name: 'two' });
  const id = containerId();
  const s = await env.svc.prepareNetwork(id, { name: 'mover', networkMode: 'one' });
  const peer = await env.svc.prepareNetwork(containerId(), { name: 'peer', networkMode: 'two' });
  await env.svc.connect('two', id, { Aliases: ['moved'] });
  const now = env.svc.sandboxInfo(id);
  const ip2 = now?.networks.two.IPAddress as string;
  assert.match(await nsRun(ns(s.netnsPath), ['ip', '-o', '-4', 'addr', 'show', 'eth1']), new RegExp(ip2));
  assert.match(await nsRun(ns(peer.netnsPath), ['busybox', 'nslookup', 'moved', peer.networks.two.Gateway]), new RegExp(ip2));
  assert.match(await readFile(s.hostsPath, 'utf8'), new RegExp(ip2));
  await env.svc.disconnect('one', id);
  assert.doesNotMatch(await nsRun(ns(s.netnsPath), ['ip', '-o', 'link']), /eth0/);
  assert.match(await nsRun(ns(s.netnsPath), ['ip', 'route']), new RegExp(`default via ${peer.networks.two.Gateway} dev eth1`));
  assert.deepEqual(Object.keys((await env.svc.inspect('one')).Containers), []);
  await assert.rejects(env.svc.disconnect('one', id), /not connected/);
});

test('user subnet, gateway, ip_range and ipv4_address are honoured; overlaps are refused', async () => {
  const base = parseCidr(env.pool).base + 15 * 256; // the pool's last /24: never handed out above
  const subnet = `${formatIp(base)}/24`;
  await env.svc.create({ Name: 'custom', IPAM: { Config: [{ Subnet: subnet, Gateway: formatIp(base + 254), IPRange: `${formatIp(base + 128)}/25` }] } });
  const r = await env.svc.inspect('custom');
  assert.deepEqual(r.IPAM.Config[0], { Subnet: subnet, Gateway: formatIp(base + 254), IPRange: `${formatIp(base + 128)}/25` });
  const auto = await env.svc.prepareNetwork(containerId(), { name: 'auto', networkMode: 'custom' });
  assert.equal(auto.networks.custom.IPAddress, formatIp(base + 128));
  const fixed = await env.svc.prepareNetwork(containerId(), { name: 'fixed', networkMode: 'custom', endpoints: { custom: { IPAMConfig: { IPv4Address: formatIp(base + 10) } } } });
  assert.equal(fixed.networks.custom.IPAddress, formatIp(base + 10));
  await assert.rejects(env.svc.prepareNetwork(containerId(), { name: 'dupip', networkMode: 'custom', endpoints: { custom: { IPAMConfig: { IPv4Address: formatIp(base + 10) } } } }), /already in use/);
  await assert.rejects(env.svc.create({ Name: 'overlap', IPAM: { Config: [{ Subnet: subnet }] } }), /overlaps/);
  await assert.rejects(env.svc.create({ Name: 'custom' }), /already exists/);
  // driver_opts: the bridge's Linux name, and an IPv6 request answered with a warning.
  const named = `${env.prefix}named`;
  const res = await env.svc.create({ Name: 'named', EnableIPv6: true, Options: { 'com.docker.network.bridge.name': named } });
  assert.match(res.Warning, /IPv6 is not supported/);
  assert.ok((await leftovers(env.prefix)).links.includes(named));
  await assert.rejects(env.svc.create({ Name: 'lo-thief', Options: { 'com.docker.network.bridge.name': 'lo' } }), /interface lo already exists/);
  await env.svc.remove('named');
  // The kernel's bridge delete is not waited for by remove: polled, bounded.
  assert.ok(!(await settledLeftovers(env.prefix, (l) => !l.links.includes(named))).links.includes(named));
});

test('a prepare that fails in the kernel is rolled back whole, and says why', async () => {
  const before = await leftovers(env.prefix);
  // A multicast MAC passes the format check and is refused by the kernel (EADDRNOTAVAIL).
  const badId = containerId();
  const rulesBefore = execFileSync('nft', ['list', 'table', 'ip', env.prefix], { encoding: 'utf8' });
  await assert.rejects(
    env.svc.prepareNetwork(badId, { name: 'badmac', networkMode: 'one', endpoints: { one: { MacAddress: '01:00:5e:00:00:01' } }, portBindings: { '80/tcp': [{ HostIp: '', HostPort: '' }] } }),
    /preparing network of badmac: .*EADDRNOTAVAIL/,
  );
  await assert.rejects(env.svc.prepareNetwork(containerId(), { name: 'badmac2', networkMode: 'one', endpoints: { one: { MacAddress: 'zz' } } }), /invalid MAC/);
  const now = await leftovers(env.prefix);
  assert.deepEqual(now.links, before.links);
  assert.equal(now.netns.length <= before.netns.length, true, 'no namespace added');
  assert.deepEqual((await env.svc.inspect('one')).Containers, {});
  // No record left to resurrect at the next open, and no DNAT rule for the port it had chosen.
  assert.ok(!(await readdir(join(env.root, 'network', 'sandboxes'))).some((f) => f.startsWith(badId)));
  assert.equal(execFileSync('nft', ['list', 'table', 'ip', env.prefix], { encoding: 'utf8' }), rulesBefore);
});

test('a restarted service answers DNS again from its records and keeps its allocations', async () => {
  await env.svc.close();
  env.svc = await NetworkService.open({ stateRoot: env.root, prefix: env.prefix, pool: env.pool, upstreams: [] });
  const one = await env.svc.prepareNetwork(containerId(), { name: 'late', networkMode: 'two' });
  const mover = (await env.svc.inspect('two')).Containers;
  const ips = Object.values(mover).map((c) => c.IPv4Address);
  assert.equal(new Set(ips).size, ips.length, 'no address handed out twice');
  assert.match(await nsRun(ns(one.netnsPath), ['busybox', 'nslookup', 'moved', one.networks.two.Gateway]), /Address/);
  // A sandbox whose namespace vanished behind the engine's back (as after a reboot) is dropped at open.
  const ghost = containerId();
  const g = await env.svc.prepareNetwork(ghost, { name: 'ghost', networkMode: 'two' });
  await env.svc.close();
  execFileSync('ip', ['netns', 'del', ns(g.netnsPath)]);
  env.svc = await NetworkService.open({ stateRoot: env.root, prefix: env.prefix, pool: env.pool, upstreams: [] });
  assert.equal(env.svc.sandboxInfo(ghost), undefined);
  assert.ok(!Object.keys((await env.svc.inspect('two')).Containers).includes(ghost));
});

test('reset removes every sandbox, network, bridge, namespace and the table', async () => {
  await env.svc.reset();
  assert.deepEqual((await env.svc.list()).map((n) => n.Name).sort(), ['host', 'none']);
  assert.deepEqual(await leftovers(env.prefix), { links: [], netns: [], tables: [], mounts: [] });
});

// Releasing sandboxes does not hold the event loop: the namespace is dropped and the kernel frees
// it and its veths (both ends) lazily. Checked: a timer's lateness while 10 sandboxes release
// together, that the host veths and namespaces then go within a bounded time, that a container
// can come back at once with the same id, name, alias and address (and is reachable there), that
// a disconnect (a running container) deletes its veth without blocking the loop either, and that a
// network whose bridge still has dying ports is removed and its subnet can be created again, and
// that a namespace a container:<id> joiner still uses loses the owner's veth with the release.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeEnv, destroyEnv, leftovers, settledLeftovers, nothingLeft, nsRun, nsSpawn, waitFor, containerId, type Env } from './helpers';
import { formatIp, parseCidr } from '../../runtime/network/ipv4';
import type { SandboxInfo } from '../../runtime/network/index';
import { ifName } from '../../runtime/network/names';

let env: Env;
const ns = (s: SandboxInfo) => (s.netnsPath as string).split('/').pop() as string;

/** How late a timer due in `dueMs` fires while `work` runs (started right after it was set). */
async function lateness(dueMs: number, work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  const fired = new Promise<number>((r) => setTimeout(() => r(performance.now() - t0 - dueMs), dueMs));
  await work();
  return fired;
}

before(async () => {
  env = await makeEnv();
});

after(async () => {
  await destroyEnv(env);
});

test('10 sandboxes released together: the loop stays free, and their veths and namespaces go', async (t) => {
  await env.svc.create({ Name: 'rel' });
  const ids = Array.from({ length: 10 }, () => containerId());
  const infos: SandboxInfo[] = [];
  for (const [i, id] of ids.entries()) infos.push(await env.svc.prepareNetwork(id, { name: `c${i}`, networkMode: 'rel' }));
  const veths = (await leftovers(env.prefix)).links.filter((l) => l.startsWith(`${env.prefix}v`));
  assert.equal(veths.length, 10);
  const late = await lateness(2, () => Promise.all(ids.map((id) => env.svc.releaseNetwork(id))));
  t.diagnostic(`timer due 2 ms after the releases began fired ${late.toFixed(1)} ms late`);
  // Deleting each host veth on the loop held it 15-40 ms per sandbox (300 ms for these 10).
  assert.ok(late < 25, `the event loop was held ${late.toFixed(1)} ms`);
  const t0 = performance.now();
  const gone = (names: string[]) => (l: { links: string[]; netns: string[] }) => !l.links.some((n) => names.includes(n)) && !l.netns.some((n) => infos.some((i) => ns(i) === n));
  const left = await settledLeftovers(env.prefix, gone(veths));
  t.diagnostic(`the kernel had freed them ${(performance.now() - t0).toFixed(0)} ms after the release`);
  assert.deepEqual(left.links.filter((n) => veths.includes(n)), []);
  assert.deepEqual(left.netns.filter((n) => infos.some((i) => ns(i) === n)), []);
  assert.deepEqual((await env.svc.inspect('rel')).Containers, {});
});

test('release then prepare again at once: same id, name, alias and address, reachable there', async () => {
  await env.svc.create({ Name: 'again' });
  const net = (await env.svc.inspect('again')).IPAM.Config[0].Subnet;
  const ip = formatIp(parseCidr(net).base + 77);
  const id = containerId();
  const req = { name: 'back', networkMode: 'again', endpoints: { again: { Aliases: ['svc'], IPAMConfig: { IPv4Address: ip } } } };
  const peer = await env.svc.prepareNetwork(containerId(), { name: 'peer', networkMode: 'again' });
  for (let round = 0; round < 3; round++) {
    const info = await env.svc.prepareNetwork(id, req);
    assert.equal(info.networks.again.IPAddress, ip);
    // The new veth, not the dying one with the same MAC and address, answers.
    await nsRun(ns(peer), ['busybox', 'ping', '-c', '1', '-W', '2', ip]);
    assert.match(await nsRun(ns(peer), ['busybox', 'nslookup', 'svc', peer.networks.again.Gateway]), new RegExp(ip.replace(/\./g, '\\.')));
    await env.svc.releaseNetwork(id);
  }
  // An address picked by the allocator skips the one whose veth may still be dying, when it can.
  const a = await env.svc.prepareNetwork(id, { name: 'auto', networkMode: 'again' });
  const auto = a.networks.again.IPAddress;
  await env.svc.releaseNetwork(id);
  const b = await env.svc.prepareNetwork(containerId(), { name: 'auto2', networkMode: 'again' });
  assert.notEqual(b.networks.again.IPAddress, auto);
});

test('disconnect of a running container deletes its veth off the event loop', async () => {
  await env.svc.create({ Name: 'side' });
  const id = containerId();
  await env.svc.prepareNetwork(id, { name: 'multi', networkMode: 'again', endpoints: { side: {} } });
  const veths = async () => (await leftovers(env.prefix)).links.filter((l) => l.startsWith(`${env.prefix}v`));
  // The previous test's released veths may still be dying (the kernel frees them lazily): count
  // only once the list holds still, so what vanishes below is this disconnect's veth alone.
  let before = await veths();
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 150));
    const again = await veths();
    if (again.length === before.length) break;
    before = again;
  }
  const late = await lateness(2, () => env.svc.disconnect('side', id));
  assert.ok(late < 25, `the event loop was held ${late.toFixed(1)} ms`);
  // Gone by the time disconnect returned (the container keeps running with its other network).
  const now = await veths();
  assert.equal(now.length, before.length - 1);
  assert.ok(now.every((v) => before.includes(v)));
  assert.deepEqual(Object.keys(env.svc.sandboxInfo(id)?.networks ?? {}), ['again']);
});

test('a network whose bridge still has dying ports is removed, and its subnet can be made again', async () => {
  const ids = Array.from({ length: 5 }, () => containerId());
  for (const id of ids) await env.svc.prepareNetwork(id, { name: `x${id.slice(0, 4)}`, networkMode: 'side' });
  const side = await env.svc.inspect('side');
  const subnet = side.IPAM.Config[0].Subnet;
  const bridge = ifName(env.prefix, 'b', side.Id);
  assert.ok((await leftovers(env.prefix)).links.includes(bridge));
  await Promise.all(ids.map((id) => env.svc.releaseNetwork(id)));
  const late = await lateness(2, () => env.svc.remove('side'));
  assert.ok(late < 25, `the event loop was held ${late.toFixed(1)} ms`);
  // A create right after waits for the bridge delete in flight (its subnet's route goes with it).
  await env.svc.create({ Name: 'side2', IPAM: { Config: [{ Subnet: subnet }] } });
  const c = await env.svc.prepareNetwork(containerId(), { name: 'again-side', networkMode: 'side2' });
  assert.equal(c.networks.side2.IPAddress, formatIp(parseCidr(subnet).base + 2));
  await nsRun(ns(c), ['busybox', 'ping', '-c', '1', '-W', '2', c.networks.side2.Gateway]);
  assert.ok(!(await settledLeftovers(env.prefix, (l) => !l.links.includes(bridge))).links.includes(bridge), 'the old bridge is gone');
});

test('an owner released while a container:<id> joiner still runs in its namespace: its veth goes at once', async () => {
  await env.svc.create({ Name: 'shared' });
  const owner = containerId();
  const info = await env.svc.prepareNetwork(owner, { name: 'owner', networkMode: 'shared' });
  const joiner = containerId();
  await env.svc.prepareNetwork(joiner, { name: 'joiner', networkMode: `container:${owner}` });
  const veths = async () => (await leftovers(env.prefix)).links.filter((l) => l.startsWith(`${env.prefix}v`));
  const before = await veths();
  // The joiner's process keeps the namespace alive after the owner's release.
  const holder = nsSpawn(env, ns(info), ['sleep', '30']);
  await waitFor(async () => (await nsRun(ns(info), ['true']).then(() => true, () => false)));
  await env.svc.releaseNetwork(owner);
  const after = await veths();
  assert.equal(after.length, before.length - 1, 'the owner\'s host veth is deleted by the release itself');
  holder.kill('SIGKILL');
  await env.svc.releaseNetwork(joiner);
  await env.svc.remove('shared');
});

test('reset leaves nothing, not even veths the kernel was still freeing', async () => {
  await env.svc.reset();
  assert.deepEqual(await settledLeftovers(env.prefix, nothingLeft, 0), { links: [], netns: [], tables: [], mounts: [] });
});

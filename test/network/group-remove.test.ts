// Network removal by link group (link-group.ts): a network's bridge and host veths carry its
// group; right after 10 sandboxes are released, the removal takes the bridge and every veth with
// one group delete, so nothing of the network is listed when it returns (what `down` promises),
// without waiting for the kernel's namespace cleanup. A group that holds a link Berth did not
// make is never deleted: that link survives, the bridge is still removed by name.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { makeEnv, destroyEnv, leftovers, settledLeftovers, nothingLeft, containerId, type Env } from './helpers';
import { groupMembers, linkGroup } from '../../runtime/network/link-group';
import { ifName } from '../../runtime/network/names';
import { NetworkService } from '../../runtime/network/index';

let env: Env;
const groupOf = (link: string) => Number(readFileSync(`/sys/class/net/${link}/netdev_group`, 'utf8')) >>> 0;

before(async () => {
  env = await makeEnv();
});

after(async () => {
  // The foreign link of the last test, whatever happened (a no-op when it is gone).
  try { execFileSync('ip', ['link', 'del', `${env.prefix}f0`], { stdio: 'ignore' }); } catch { /* not there */ }
  await destroyEnv(env);
});

test('linkGroup: stable, in 0x40000000-0x7fffffff, one per engine and network', () => {
  const g = linkGroup('berth', '/var/lib/berth', 'a'.repeat(64));
  assert.equal(g, linkGroup('berth', '/var/lib/berth', 'a'.repeat(64)));
  assert.ok(g >= 0x40000000 && g <= 0x7fffffff); // not 0 nor a small named group; what `ip` accepts
  assert.notEqual(g, linkGroup('berth', '/var/lib/berth', 'b'.repeat(64)));
  assert.notEqual(g, linkGroup('other', '/var/lib/berth', 'a'.repeat(64)));
  assert.notEqual(g, linkGroup('berth', '/srv/berth', 'a'.repeat(64)));
});

test('removal right after 10 releases: bridge and veths in the group, none listed when it returns', async (t) => {
  const { Id } = await env.svc.create({ Name: 'grp' });
  const bridge = ifName(env.prefix, 'b', Id);
  const ids = Array.from({ length: 10 }, () => containerId());
  for (const [i, id] of ids.entries()) await env.svc.prepareNetwork(id, { name: `c${i}`, networkMode: 'grp' });
  const veths = (await leftovers(env.prefix)).links.filter((l) => l.startsWith(`${env.prefix}v`));
  assert.equal(veths.length, 10);
  const group = groupOf(bridge);
  assert.equal(group, linkGroup(env.prefix, env.root, Id));
  assert.deepEqual((await groupMembers(group)).sort(), [bridge, ...veths].sort());
  // As `down` does it: the removal queued right behind the releases, whose unmounts, files and
  // records still run outside the lock; it waits for them too.
  const t0 = performance.now();
  const releases = Promise.all(ids.map((id) => env.svc.releaseNetwork(id)));
  await env.svc.remove('grp');
  t.diagnostic(`10 releases and the network removal took ${(performance.now() - t0).toFixed(1)} ms`);
  const left = await leftovers(env.prefix);
  await releases;
  assert.deepEqual(left.links.filter((l) => l === bridge || veths.includes(l)), [], 'links listed right after remove returned');
  assert.deepEqual(left.netns, [], 'namespaces left right after remove returned');
  assert.deepEqual(left.mounts, [], 'netns mounts left right after remove returned');
  assert.deepEqual(await groupMembers(group), []);
  // Its subnet and name are free again at once.
  await env.svc.create({ Name: 'grp' });
  await env.svc.remove('grp');
  assert.ok(nothingLeft(await settledLeftovers(env.prefix, nothingLeft)));
});

test('a group holding a link Berth did not make is not deleted: that link stays, the bridge goes', async () => {
  await env.svc.create({ Name: 'keep' }); // so the table stays and leftovers are only this test's
  const { Id } = await env.svc.create({ Name: 'clash' });
  const bridge = ifName(env.prefix, 'b', Id);
  const id = containerId();
  await env.svc.prepareNetwork(id, { name: 'c', networkMode: 'clash' });
  const foreign = `${env.prefix}f0`;
  execFileSync('ip', ['link', 'add', foreign, 'type', 'bridge']); // no dummy module on this host
  execFileSync('ip', ['link', 'set', 'dev', foreign, 'group', String(groupOf(bridge))]);
  await env.svc.releaseNetwork(id);
  await env.svc.remove('clash');
  const links = (await leftovers(env.prefix)).links;
  assert.ok(links.includes(foreign), 'the foreign link was deleted with the group');
  assert.ok(!links.includes(bridge), 'the bridge is still there');
  // The released veth is left to the kernel's namespace cleanup and the bounded settle: gone too.
  assert.deepEqual(links.filter((l) => l.startsWith(`${env.prefix}v`)), []);
  execFileSync('ip', ['link', 'del', foreign]);
});

test('an engine that died half-way through a removal: the network is back on open, a second remove leaves nothing', async () => {
  const { Id } = await env.svc.create({ Name: 'half' });
  const bridge = ifName(env.prefix, 'b', Id);
  await env.svc.close(); // kernel state stays, as when the engine dies
  // What the removal had done when it died: the links went, the record (deleted last) did not.
  execFileSync('ip', ['link', 'del', bridge]);
  env.svc = await NetworkService.open({ stateRoot: env.root, prefix: env.prefix, pool: env.pool, upstreams: [] });
  assert.equal((await env.svc.inspect('half')).Id, Id);
  assert.equal(groupOf(bridge), linkGroup(env.prefix, env.root, Id), 'bridge made again, in its group');
  await env.svc.remove('half');
  await env.svc.remove('keep');
  assert.ok(nothingLeft(await settledLeftovers(env.prefix, nothingLeft)));
});

// `berth network ...` and `berth volume ...` through the bundle (bin/berth) against an engine in a
// temporary root: docker's output shapes (tables, -q, --format json, inspect arrays), connect and
// disconnect of a running container (its interfaces checked from inside), prune, and the errors
// (missing names, a network with endpoints, a volume in use → exit 1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { NetworkResource, Volume } from '../../runtime/api/types';
import { E2eEngine, type Run } from '../e2e/harness';

let e: E2eEngine;
const net = (s: string): string => `${e.names.networkPrefix}-${s}`;

before(async () => {
  e = await E2eEngine.create('berth-cli-nv-', { name: 'bb', tag: 'latest' });
  await ok(['image', 'load', '-i', e.archive]);
});
after(async () => {
  if (!e) return;
  for (const id of (await berth(['container', 'ls', '-a', '-q']).catch(() => ({ stdout: '' }))).stdout.split('\n').filter(Boolean)) {
    await berth(['container', 'rm', '-f', id]).catch(() => undefined);
  }
  await berth(['engine', 'reset', '--force']).catch(() => undefined);
  await e.close();
});

const berth = (args: string[]): Promise<Run> => e.run(args, {});

async function ok(args: string[]): Promise<string> {
  return (await e.ok(args, {})).stdout;
}

async function fails(args: string[], stderr: RegExp): Promise<Run> {
  const r = await berth(args);
  assert.equal(r.code, 1, `berth ${args.join(' ')} should fail with 1: ${r.stdout}${r.stderr}`);
  assert.match(r.stderr, stderr);
  return r;
}

/** Two /24s of 10.89.0.0/16 that no host route covers (the rule for test address pools). */
function freeSubnets(): [number, number] {
  const routed = execFileSync('ip', ['-4', 'route'], { encoding: 'utf8' });
  const start = 150 + Math.floor(Math.random() * 50);
  const free = Array.from({ length: 100 }, (_, i) => 150 + ((start - 150 + i) % 100)).filter((x) => !routed.includes(`10.89.${x}.`));
  assert.ok(free.length >= 2, 'two free 10.89.x.0/24 subnets');
  return [free[0], free[1]];
}

const inspectNet = async (name: string): Promise<NetworkResource> => (JSON.parse(await ok(['network', 'inspect', name])) as NetworkResource[])[0];

test('network create, ls (table, -q, --filter, --format json), inspect, rm; errors exit 1', async () => {
  const [a] = freeSubnets();
  const id = (await ok(['network', 'create', '--subnet', `10.89.${a}.0/24`, '--gateway', `10.89.${a}.254`, '--label', 'team=qa', net('ls')])).trim();
  assert.match(id, /^[0-9a-f]{64}$/);
  const table = await ok(['network', 'ls']);
  assert.match(table, /^NETWORK ID\s+NAME\s+DRIVER\s+SCOPE$/m);
  assert.match(table, new RegExp(`^${id.slice(0, 12)}\\s+${net('ls')}\\s+bridge\\s+local$`, 'm'));
  assert.equal(await ok(['network', 'ls', '-q', '--filter', `name=${net('ls')}`]), `${id.slice(0, 12)}\n`);
  const json = (await ok(['network', 'ls', '--filter', 'label=team=qa', '--format', 'json'])).trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
  assert.deepEqual(json.map((j) => [j.Name, j.ID, j.Driver, j.Scope, j.Labels, j.Internal]), [[net('ls'), id.slice(0, 12), 'bridge', 'local', 'team=qa', 'false']]);
  const n = await inspectNet(net('ls'));
  assert.equal(n.Id, id);
  assert.deepEqual(n.IPAM.Config, [{ Subnet: `10.89.${a}.0/24`, Gateway: `10.89.${a}.254` }]);
  assert.deepEqual(n.Labels, { team: 'qa' });
  assert.equal((await ok(['network', 'inspect', '-f', '{{.Driver}}', net('ls')])), 'bridge\n');
  const missing = await fails(['network', 'inspect', net('ls'), 'no-such-net'], /no-such-net/);
  assert.equal((JSON.parse(missing.stdout) as NetworkResource[]).length, 1, 'the names found are still printed');
  await fails(['network', 'create', '--gateway', '10.89.1.1', net('bad')], /no matching subnet for gateway/);
  await fails(['network', 'create', net('ls')], /./);
  assert.equal(await ok(['network', 'rm', net('ls')]), `${net('ls')}\n`);
  await fails(['network', 'rm', net('ls')], new RegExp(net('ls')));
  assert.equal(await ok(['network', 'rm', '-f', net('ls')]), '', 'rm -f ignores a missing network');
});

test('network connect --alias --ip and disconnect a running container; rm of a used network fails; prune', async () => {
  const [a, b] = freeSubnets();
  await ok(['network', 'create', '--subnet', `10.89.${a}.0/24`, net('front')]);
  await ok(['network', 'create', '--subnet', `10.89.${b}.0/24`, '--internal', net('back')]);
  await ok(['container', 'run', '-d', '--name', 'nv-c1', '--network', net('front'), 'bb', 'sleep', '300']);
  const front = await inspectNet(net('front'));
  assert.deepEqual(Object.values(front.Containers).map((c) => c.Name), ['nv-c1']);
  assert.match(Object.values(front.Containers)[0].IPv4Address, new RegExp(`^10\\.89\\.${a}\\.\\d+/24$`));

  assert.equal(await ok(['network', 'connect', '--alias', 'db', '--ip', `10.89.${b}.20`, net('back'), 'nv-c1']), '');
  // The network's view (container inspect's NetworkSettings is not updated by connect yet: an engine gap).
  const back = Object.values((await inspectNet(net('back'))).Containers);
  assert.deepEqual(back.map((c) => [c.Name, c.IPv4Address]), [['nv-c1', `10.89.${b}.20/24`]]);
  assert.match(await ok(['container', 'exec', 'nv-c1', 'ip', '-4', 'addr']), new RegExp(`inet 10\\.89\\.${b}\\.20/24`), 'the new interface is inside the container');
  await ok(['container', 'run', '-d', '--name', 'nv-c3', '--network', net('back'), 'bb', 'sleep', '300']);
  assert.match(await ok(['container', 'exec', 'nv-c3', 'nslookup', 'db']), new RegExp(`Address:\\s+10\\.89\\.${b}\\.20`), 'the alias resolves on that network');
  await ok(['container', 'rm', '-f', 'nv-c3']);
  await fails(['network', 'connect', net('back'), 'no-such-container'], /no-such-container/);
  await fails(['network', 'rm', net('back')], /active endpoints/);

  assert.equal(await ok(['network', 'disconnect', net('back'), 'nv-c1']), '');
  assert.doesNotMatch(await ok(['container', 'exec', 'nv-c1', 'ip', '-4', 'addr']), new RegExp(`10\\.89\\.${b}\\.`), 'the interface is gone');
  assert.equal(Object.keys((await inspectNet(net('back'))).Containers).length, 0);

  await ok(['network', 'create', '--label', 'sel', net('idle')]);
  await ok(['network', 'create', net('idle2')]);
  await fails(['network', 'prune'], /not confirmed/);
  assert.equal(await ok(['network', 'prune', '-f', '--filter', 'label=sel']), `Deleted Networks:\n${net('idle')}\n\n`, 'only the labelled one');
  const pruned = await ok(['network', 'prune', '-f']);
  assert.match(pruned, /^Deleted Networks:\n/);
  assert.deepEqual(pruned.split('\n').filter((l) => l.startsWith(e.names.networkPrefix)).sort(), [net('back'), net('idle2')]);
  const left = (await ok(['network', 'ls', '--format', '{{.Name}}'])).split('\n');
  assert.ok(left.includes(net('front')), 'the network in use is kept');
  assert.ok(!left.includes(net('idle')));

  await ok(['container', 'rm', '-f', 'nv-c1']);
  assert.equal(await ok(['network', 'rm', net('front')]), `${net('front')}\n`);
});

test('volume create, ls, inspect, rm (in use → exit 1, also with -f), prune and prune --all', async () => {
  assert.equal(await ok(['volume', 'create', '-d', 'local', '--label', 'tier=db', 'nv-data']), 'nv-data\n');
  assert.equal(await ok(['volume', 'create', '-o', 'type=tmpfs', '-o', 'device=tmpfs', '-o', 'o=size=1m', 'nv-tmp']), 'nv-tmp\n');
  const anon = (await ok(['volume', 'create'])).trim();
  assert.match(anon, /^[0-9a-f]{64}$/);
  const table = await ok(['volume', 'ls']);
  assert.match(table, /^DRIVER\s+VOLUME NAME$/m);
  assert.match(table, /^local\s+nv-data$/m);
  assert.equal(await ok(['volume', 'ls', '-q', '--filter', 'label=tier=db']), 'nv-data\n');
  const json = (await ok(['volume', 'ls', '--format', 'json', '-f', 'name=nv-tmp'])).trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
  assert.deepEqual(json.map((j) => [j.Name, j.Driver, j.Scope]), [['nv-tmp', 'local', 'local']]);
  const [data, tmp] = JSON.parse(await ok(['volume', 'inspect', 'nv-data', 'nv-tmp'])) as Volume[];
  assert.deepEqual(data.Labels, { 'tier': 'db' });
  assert.ok(data.Mountpoint.startsWith(e.t.root), `mountpoint ${data.Mountpoint} under the state root`);
  assert.deepEqual(tmp.Options, { type: 'tmpfs', device: 'tmpfs', o: 'size=1m' });
  await fails(['volume', 'inspect', 'nv-missing'], /nv-missing/);

  await ok(['container', 'run', '-d', '--name', 'nv-c2', '-v', 'nv-data:/data', 'bb', 'sh', '-c', 'echo kept > /data/f; exec sleep 300']);
  await fails(['volume', 'rm', 'nv-data'], /in use/);
  await fails(['volume', 'rm', '-f', 'nv-data'], /in use/);
  await ok(['container', 'rm', '-f', 'nv-c2']);
  assert.equal(await ok(['container', 'run', '--rm', '-v', 'nv-data:/data', 'bb', 'cat', '/data/f']), 'kept\n', 'data outlives the container');
  assert.equal(await ok(['volume', 'rm', 'nv-data']), 'nv-data\n');
  await fails(['volume', 'rm', 'nv-data'], /nv-data/);
  assert.equal(await ok(['volume', 'rm', '-f', 'nv-data']), 'nv-data\n', 'rm -f: a missing volume is no error, as docker');

  await fails(['volume', 'prune'], /not confirmed/);
  const pruned = await ok(['volume', 'prune', '-f']);
  assert.equal(pruned, `Deleted Volumes:\n${anon}\n\nTotal reclaimed space: 0B\n`, 'only the anonymous volume goes without --all');
  assert.equal(await ok(['volume', 'ls', '-q']), 'nv-tmp\n');
  assert.match(await ok(['volume', 'prune', '-f', '--all']), /^Deleted Volumes:\nnv-tmp\n/);
  assert.equal(await ok(['volume', 'ls', '-q']), '');
});

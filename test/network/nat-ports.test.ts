// Egress NAT, internal networks, published ports (loopback, host address, hairpin, random ports)
// and port conflicts. "Outside" is a namespace this test wires to the host with a plain veth, and
// "the host's address" is a dummy link it creates: no traffic leaves the machine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { makeEnv, destroyEnv, settledLeftovers, nsRun, nsSpawn, waitFor, containerId, type Env, type Leftovers } from './helpers';
import { formatIp, lastOf, parseCidr } from '../../runtime/network/ipv4';
import type { SandboxInfo } from '../../runtime/network/index';

let env: Env;
let outsideNs = '';
let outsideIp = '';
let outsideHostSide = '';
let hostAddr = '';
const ids = { web: containerId(), sibling: containerId(), sealed: containerId() };
const info: Record<string, SandboxInfo> = {};
let webServer: ChildProcess | undefined;
const ns = (s: SandboxInfo) => (s.netnsPath as string).split('/').pop() as string;
const ip = (args: string[]) => execFileSync('ip', args, { encoding: 'utf8' });
// busybox-static's wget segfaults with -T here, so the time limit comes from timeout(1).
const wget = (from: SandboxInfo, url: string) => nsRun(ns(from), ['timeout', '2', 'busybox', 'wget', '-q', '-O', '-', url]);

before(async () => {
  env = await makeEnv();
  const last = lastOf(parseCidr(env.pool));
  [outsideHostSide, outsideIp, hostAddr] = [formatIp(last - 2), formatIp(last - 1), formatIp(last - 5)];
  outsideNs = `${env.prefix}-outside`;
  ip(['netns', 'add', outsideNs]);
  ip(['link', 'add', `${env.prefix}out`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', outsideNs]);
  ip(['addr', 'add', `${outsideHostSide}/30`, 'dev', `${env.prefix}out`]);
  ip(['link', 'set', `${env.prefix}out`, 'up']);
  ip(['-n', outsideNs, 'addr', 'add', `${outsideIp}/30`, 'dev', 'eth0']);
  ip(['-n', outsideNs, 'link', 'set', 'eth0', 'up']);
  ip(['-n', outsideNs, 'link', 'set', 'lo', 'up']);
  ip(['link', 'add', `${env.prefix}host`, 'type', 'bridge']);
  ip(['addr', 'add', `${hostAddr}/32`, 'dev', `${env.prefix}host`]);
  ip(['link', 'set', `${env.prefix}host`, 'up']);
  // Echoes the peer address, so the test sees whether the source was NATed.
  nsSpawn(env, outsideNs, [process.execPath, '-e', "require('http').createServer((q,r)=>r.end(q.socket.remoteAddress)).listen(8000, '0.0.0.0')"]);

  await env.svc.create({ Name: 'app' });
  await env.svc.create({ Name: 'sealed', Internal: true });
  info.web = await env.svc.prepareNetwork(ids.web, { name: 'web', networkMode: 'app', portBindings: { '80/tcp': [{ HostIp: '', HostPort: '' }] } });
  info.sibling = await env.svc.prepareNetwork(ids.sibling, { name: 'sibling', networkMode: 'app' });
  info.sealed = await env.svc.prepareNetwork(ids.sealed, { name: 'sealed-1', networkMode: 'sealed' });
  const dir = await mkdtemp(join(tmpdir(), 'berth-www-'));
  wwwDirs.push(dir);
  await writeFile(join(dir, 'index.html'), 'published\n');
  webServer = nsSpawn(env, ns(info.web), ['busybox', 'httpd', '-f', '-p', '80', '-h', dir]);
  nsSpawn(env, null, ['busybox', 'httpd', '-f', '-p', `${info.web.networks.app.Gateway}:8099`, '-h', dir]);
  await waitFor(() => wget(info.sibling, `http://${info.web.networks.app.IPAddress}/`).then(() => true, () => false));
  await waitFor(() => nsRun(outsideNs, ['busybox', 'wget', '-q', '-O', '-', 'http://127.0.0.1:8000/']).then(() => true, () => false));
});

/** The httpd document roots made by the tests, removed with the rest. */
const wwwDirs: string[] = [];

after(async () => {
  await Promise.all(wwwDirs.map((d) => rm(d, { recursive: true, force: true })));
  await destroyEnv(env);
  for (const link of [`${env.prefix}out`, `${env.prefix}host`]) { try { ip(['link', 'del', link]); } catch { /* gone */ } }
  try { ip(['netns', 'del', outsideNs]); } catch { /* gone */ }
});

test('a non-internal network reaches outside through NAT (the peer sees the host address)', async () => {
  assert.equal(await wget(info.sibling, `http://${outsideIp}:8000/`), outsideHostSide);
});

test('an internal network has no NAT, no default route, and is blocked from other networks and host addresses', async () => {
  const ruleset = execFileSync('nft', ['list', 'table', 'ip', env.prefix], { encoding: 'utf8' });
  const app = await env.svc.inspect('app');
  const sealed = await env.svc.inspect('sealed');
  assert.match(ruleset, new RegExp(`ip saddr ${app.IPAM.Config[0].Subnet.replace(/\./g, '\\.')} oifname != "\\w+" masquerade`));
  assert.doesNotMatch(ruleset, new RegExp(`ip saddr ${sealed.IPAM.Config[0].Subnet.replace(/\./g, '\\.')}`));
  assert.doesNotMatch(await nsRun(ns(info.sealed), ['ip', 'route']), /default/);
  // Give it routes anyway, so only the nftables rules stand in the way.
  const gw = info.sealed.networks.sealed.Gateway;
  await nsRun(ns(info.sealed), ['ip', 'route', 'add', 'default', 'via', gw]);
  await assert.rejects(wget(info.sealed, `http://${outsideIp}:8000/`));
  await assert.rejects(wget(info.sealed, `http://${info.web.networks.app.Gateway}:8099/`));
  await assert.rejects(wget(info.sealed, `http://${info.web.networks.app.IPAddress}/`));
  // The same server on the app gateway answers the app network: the drop is the internal rule.
  assert.equal(await wget(info.sibling, `http://${info.web.networks.app.Gateway}:8099/`), 'published\n');
});

test('a published port answers on 127.0.0.1 and on a host address', async () => {
  const port = Number(info.web.ports['80/tcp']?.[0].HostPort);
  assert.ok(port >= 32768, `random host port ${port} comes from the ephemeral range`);
  assert.equal(await (await fetch(`http://127.0.0.1:${port}/`)).text(), 'published\n');
  assert.equal(await (await fetch(`http://${hostAddr}:${port}/`)).text(), 'published\n');
  // The engine holds the port, so a host process cannot take it later and be shadowed by the DNAT.
  const probe = createServer();
  await assert.rejects(new Promise<void>((res, rej) => { probe.once('error', rej); probe.listen(port, '0.0.0.0', () => res()); }), /EADDRINUSE/);
});

test('a sibling reaches the published port through the host address and its gateway (hairpin)', async () => {
  const port = info.web.ports['80/tcp']?.[0].HostPort;
  assert.equal(await wget(info.sibling, `http://${hostAddr}:${port}/`), 'published\n');
  assert.equal(await wget(info.sibling, `http://${info.sibling.networks.app.Gateway}:${port}/`), 'published\n');
  // The container itself, through its own published port.
  assert.equal(await wget(info.web, `http://${hostAddr}:${port}/`), 'published\n');
});

test('a port held by a host process or another container fails, naming the holder', async () => {
  const taken = info.web.ports['80/tcp']?.[0].HostPort as string;
  await assert.rejects(
    env.svc.prepareNetwork(containerId(), { name: 'dup', networkMode: 'app', portBindings: { '80/tcp': [{ HostIp: '', HostPort: taken }] } }),
    (err: Error & { code?: string }) => err.code === 'CONFLICT' && /allocated to container web/.test(err.message),
  );
  const free = 40000 + Math.floor(Math.random() * 10000);
  const holder = nsSpawn(env, null, ['busybox', 'nc', '-l', '-p', String(free)]);
  await waitFor(() => execFileSync('ss', ['-Hltn', `sport = :${free}`], { encoding: 'utf8' }).includes(String(free)));
  await assert.rejects(
    env.svc.prepareNetwork(containerId(), { name: 'dup2', networkMode: 'app', portBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(free) }] } }),
    (err: Error & { code?: string }) => err.code === 'CONFLICT' && err.message.includes(`pid ${holder.pid} (busybox nc -l -p ${free})`),
  );
  holder.kill('SIGKILL');
});

test('after release and removal nothing of the run is left', async () => {
  // As the engine does: the release comes once the processes in the namespace are gone.
  webServer?.kill('SIGKILL');
  await waitFor(() => webServer?.exitCode !== null || webServer?.signalCode !== null);
  for (const id of Object.values(ids)) await env.svc.releaseNetwork(id);
  await env.svc.remove('app');
  await env.svc.remove('sealed');
  // Only the test's own outside namespace and spare bridge remain (removed in `after`).
  const expected = { links: [`${env.prefix}out`, `${env.prefix}host`], netns: [outsideNs], tables: [], mounts: [] };
  const ours = (l: Leftovers) => ({ ...l, mounts: l.mounts.filter((m) => !m.includes(outsideNs)) });
  const left = await settledLeftovers(env.prefix, (l) => JSON.stringify(ours(l)) === JSON.stringify(expected));
  assert.deepEqual(ours(left), expected);
});

// The adapter the container layer calls: a Docker container config (HostConfig, Config,
// NetworkingConfig) in, a namespace with the right endpoints and a NetworkSettings out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { makeEnv, destroyEnv, nsRun, containerId, type Env } from './helpers';
import { containerNetworkHook } from '../../runtime/network/index';

let env: Env;
before(async () => { env = await makeEnv(); });
after(async () => { await destroyEnv(env); });

test('a compose-shaped container config becomes a sandbox with aliases, ports (incl. -P) and dns settings', async () => {
  await env.svc.create({ Name: 'proj_default' });
  const hook = containerNetworkHook(env.svc);
  const id = containerId();
  const att = await hook.prepareNetwork(id, {
    name: '/proj-web-1',
    config: { Hostname: 'web', ExposedPorts: { '9000/tcp': {} } },
    hostConfig: { NetworkMode: 'proj_default', PortBindings: { '80/tcp': [{ HostPort: '' }] }, PublishAllPorts: true, DnsSearch: ['corp.test'], ExtraHosts: ['h.test:10.89.250.1'] },
    networking: { EndpointsConfig: { proj_default: { Aliases: ['web', 'proj-web-1'] } } },
  });
  assert.match(att.netnsPath, new RegExp(`^/run/netns/${env.prefix}-`));
  const s = att.settings;
  assert.deepEqual(s?.Networks?.proj_default.Aliases, ['web', 'proj-web-1']);
  assert.deepEqual(s?.Networks?.proj_default.DNSNames, ['proj-web-1', id.slice(0, 12), 'web']);
  assert.deepEqual(Object.keys(s?.Ports ?? {}).sort(), ['80/tcp', '9000/tcp']);
  assert.match(await readFile(att.resolvConfPath as string, 'utf8'), /search corp\.test/);
  assert.match(await readFile(att.hostsPath as string, 'utf8'), /10\.89\.250\.1\th\.test/);
  const ns = att.netnsPath.split('/').pop() as string;
  const gw = s?.Networks?.proj_default.Gateway as string;
  assert.match(await nsRun(ns, ['busybox', 'nslookup', 'web', gw]), new RegExp(s?.Networks?.proj_default.IPAddress as string));
  await hook.releaseNetwork(id);
  await hook.releaseNetwork(id); // idempotent
  assert.deepEqual((await env.svc.inspect('proj_default')).Containers, {});
});

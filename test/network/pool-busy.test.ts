// A pool subnet whose gateway address is still listened on by something (seen on this host: a DNS
// server another engine kept after its bridge was gone, EADDRINUSE on <gateway>:53 for every
// engine that picked 10.89.0.0/24 next): creating a network without a subnet moves on to the
// next one of the pool; with that subnet asked for, it fails and says why.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { execFileSync } from 'node:child_process';
import { makeEnv, destroyEnv, settledLeftovers, nothingLeft, type Env } from './helpers';
import { formatIp, parseCidr } from '../../runtime/network/ipv4';

let env: Env;
let holder: Server | undefined;
let link = '';

before(async () => {
  env = await makeEnv();
  link = `${env.prefix}h0`;
});

after(async () => {
  holder?.close();
  try { execFileSync('ip', ['link', 'del', link], { stdio: 'ignore' }); } catch { /* gone already */ }
  await destroyEnv(env);
});

test('a pool subnet whose gateway is held by a leftover listener is skipped', async () => {
  const first = parseCidr(env.pool);
  const gateway = formatIp(first.base + 1);
  // The leftover: a listener on the first subnet's gateway, whose interface then went away.
  execFileSync('ip', ['link', 'add', link, 'type', 'bridge']);
  execFileSync('ip', ['addr', 'add', `${gateway}/24`, 'dev', link]);
  const server = createServer();
  holder = server;
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(53, gateway, () => resolve()); });
  execFileSync('ip', ['link', 'del', link]);
  const { Id } = await env.svc.create({ Name: 'next' });
  const subnet = (await env.svc.inspect(Id)).IPAM.Config[0].Subnet;
  assert.equal(subnet, `${formatIp(first.base + 256)}/24`);
  await assert.rejects(env.svc.create({ Name: 'asked', IPAM: { Config: [{ Subnet: `${formatIp(first.base)}/24` }] } }), /EADDRINUSE/);
  await env.svc.remove('next');
  assert.ok(nothingLeft(await settledLeftovers(env.prefix, nothingLeft)));
});

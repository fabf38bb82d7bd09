// The pure parts of the registry client: WWW-Authenticate parsing, X-Registry-Auth decoding,
// platform matching, the token cache's expiry (with a fake clock), loopback detection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChallenges } from './challenge';
import { decodeRegistryAuth, credentialsFromJson } from './credentials';
import { parsePlatform, platformMatches } from './platform';
import { TokenCache } from './tokens';
import { isLoopbackHost, RegistryHosts } from './hosts';
import { registryDomain } from './login';
import { Limiter } from './limit';

test('challenges: Bearer with quoted params (commas inside quotes), Basic, unknown schemes skipped', () => {
  const c = parseChallenges(['Bearer realm="https://auth.example/token",service="reg",scope="repository:a/b:pull,push"', 'Basic realm="x"', 'Negotiate abc']);
  assert.deepEqual(c, [
    { scheme: 'bearer', params: { realm: 'https://auth.example/token', service: 'reg', scope: 'repository:a/b:pull,push' } },
    { scheme: 'basic', params: { realm: 'x' } },
  ]);
  assert.deepEqual(parseChallenges(undefined), []);
});

test('X-Registry-Auth: base64url JSON, any key case, auth field split; garbage is an error', () => {
  const h = Buffer.from(JSON.stringify({ Username: 'u', Password: 'p', ServerAddress: 'r' })).toString('base64url');
  assert.deepEqual(decodeRegistryAuth(h), { username: 'u', password: 'p', identityToken: undefined, registryToken: undefined, serverAddress: 'r' });
  assert.deepEqual(decodeRegistryAuth(''), {});
  assert.equal(credentialsFromJson({ auth: Buffer.from('a:b:c').toString('base64') }).password, 'b:c');
  assert.throws(() => decodeRegistryAuth('%%%not-base64%%%'), /X-Registry-Auth is not base64 JSON/);
});

test('platforms: aliases and default variants match as containerd does', () => {
  assert.deepEqual(parsePlatform('linux/aarch64'), { os: 'linux', architecture: 'arm64', variant: 'v8' });
  assert.ok(platformMatches({ os: 'linux', architecture: 'arm64' }, parsePlatform('linux/arm64/v8')));
  assert.ok(!platformMatches({ os: 'linux', architecture: 'arm', variant: 'v6' }, parsePlatform('linux/arm')));
  assert.ok(!platformMatches(undefined, parsePlatform('linux/amd64')));
  assert.throws(() => parsePlatform('linux'), /invalid platform/);
});

test('token cache: a token serves until shortly before it expires; concurrent askers share one fetch', async () => {
  let now = 0;
  const cache = new TokenCache(() => now);
  cache.set('k', 't1', 60);
  now = 54_000;
  assert.equal(cache.get('k'), 't1');
  now = 55_000;
  assert.equal(cache.get('k'), undefined, 'dropped 5 s early');
  let fetches = 0;
  const fetch = async (): Promise<{ token: string; lifetimeS: number }> => { fetches++; return { token: 't2', lifetimeS: 60 }; };
  const got = await Promise.all([cache.getOrFetch('k', fetch), cache.getOrFetch('k', fetch)]);
  assert.deepEqual(got, ['t2', 't2']);
  assert.equal(fetches, 1);
});

test('loopback hosts are insecure-allowed; registry addresses normalise as docker login does', () => {
  assert.ok(isLoopbackHost('127.0.0.1:5000') && isLoopbackHost('localhost') && isLoopbackHost('[::1]:5000') && isLoopbackHost('127.9.9.9'));
  assert.ok(!isLoopbackHost('10.0.0.1:5000') && !isLoopbackHost('registry.example.com'));
  assert.equal(registryDomain('https://index.docker.io/v1/'), 'docker.io');
  assert.equal(registryDomain(undefined), 'docker.io');
  assert.equal(registryDomain('http://127.0.0.1:5000/v2/'), '127.0.0.1:5000');
  assert.throws(() => registryDomain('bad host!'), /invalid registry address/);
});

test('loopbackOnly: Docker Hub and other hosts refused, loopback mirrors kept, redirects off loopback refused', async () => {
  const hosts = new RegistryHosts({ loopbackOnly: true, mirrors: ['http://127.0.0.1:5999', 'https://mirror.example'] });
  try {
    await assert.rejects(hosts.endpoints('ghcr.io', 'pull'), /registry host ghcr\.io is not on loopback/);
    await assert.rejects(hosts.endpoints('docker.io', 'push'), /registry-1\.docker\.io is not on loopback/);
    assert.deepEqual((await hosts.endpoints('docker.io', 'pull')).map((e) => e.origin), ['http://127.0.0.1:5999']);
    assert.deepEqual((await hosts.endpoints('127.0.0.1:5000', 'pull')).map((e) => e.origin), ['https://127.0.0.1:5000', 'http://127.0.0.1:5000']);
    await assert.rejects(hosts.forRedirect(new URL('https://storage.example/blob')), /not on loopback/);
  } finally {
    await hosts.close();
  }
});

test('limiter: a slot held by acquire() until released, a second release changes nothing', async () => {
  const limit = new Limiter(1);
  const release = await limit.acquire();
  let second = false;
  const next = limit.acquire().then((r) => { second = true; return r; });
  await new Promise((r) => setImmediate(r));
  assert.equal(second, false, 'the one slot is held');
  release();
  const r2 = await next;
  release(); // a repeated release must not free the slot r2 holds
  let third = false;
  const after = limit.run(async () => { third = true; });
  await new Promise((r) => setImmediate(r));
  assert.equal(third, false, 'still held by the second acquire');
  r2();
  await after;
  assert.equal(third, true);
});

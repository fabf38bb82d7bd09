// config.json credentials as the docker CLI keeps them: auths entries (user:password or identity
// token), credsStore/credHelpers programs (a fake helper runner records the protocol), erase.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerConfig, encodeAuth } from './docker-config';
import { registryOf, serverHost } from './reference';

test('store, get and erase through config.json (mode 0600, Docker Hub under its v1 URL)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-dcfg-'));
  try {
    await writeFile(join(dir, 'config.json'), JSON.stringify({ psFormat: 'keep me' }));
    const cfg = new DockerConfig({ DOCKER_CONFIG: dir });
    await cfg.store('docker.io', { username: 'u', password: 'p' });
    await cfg.store('reg.example:5000', { username: 'v', identitytoken: 'rt' });
    const file = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as { psFormat: string; auths: Record<string, unknown> };
    assert.equal(file.psFormat, 'keep me');
    assert.deepEqual(Object.keys(file.auths).sort(), ['https://index.docker.io/v1/', 'reg.example:5000']);
    assert.equal((await stat(join(dir, 'config.json'))).mode & 0o777, 0o600);
    assert.deepEqual(await cfg.get('docker.io'), { username: 'u', password: 'p', serveraddress: 'docker.io' });
    assert.deepEqual(await cfg.get('reg.example:5000'), { identitytoken: 'rt', serveraddress: 'reg.example:5000' });
    assert.equal(await cfg.get('other.example'), undefined);
    assert.equal(await cfg.erase('docker.io'), true);
    assert.equal(await cfg.get('docker.io'), undefined);
    assert.equal(await cfg.erase('docker.io'), false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('credHelpers and credsStore run docker-credential-<name> with the helper protocol', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'berth-dcfg-'));
  try {
    await writeFile(join(dir, 'config.json'), JSON.stringify({ credsStore: 'desktop', credHelpers: { 'gcr.io': 'gcloud' } }));
    const calls: string[] = [];
    const cfg = new DockerConfig({ DOCKER_CONFIG: dir }, async (program, verb, input) => {
      calls.push(`${program} ${verb} ${input}`);
      if (verb === 'get' && input === 'gcr.io') return JSON.stringify({ ServerURL: 'gcr.io', Username: '<token>', Secret: 'tok' });
      if (verb === 'get') throw new Error('credentials not found in native keychain');
      return '';
    });
    assert.deepEqual(await cfg.get('gcr.io'), { identitytoken: 'tok', serveraddress: 'gcr.io' });
    assert.equal(await cfg.get('docker.io'), undefined);
    await cfg.store('docker.io', { username: 'u', password: 'p' });
    assert.deepEqual(calls, [
      'docker-credential-gcloud get gcr.io',
      'docker-credential-desktop get https://index.docker.io/v1/',
      'docker-credential-desktop store {"ServerURL":"https://index.docker.io/v1/","Username":"u","Secret":"p"}',
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the registry of a reference and of a login address; the header encoding', () => {
  assert.equal(registryOf('busybox'), 'docker.io');
  assert.equal(registryOf('user/app:1'), 'docker.io');
  assert.equal(registryOf('localhost/app'), 'localhost');
  assert.equal(registryOf('127.0.0.1:5000/a/b@sha256:00'), '127.0.0.1:5000');
  assert.equal(serverHost('https://index.docker.io/v1/'), 'docker.io');
  assert.equal(serverHost('ghcr.io'), 'ghcr.io');
  assert.deepEqual(JSON.parse(Buffer.from(encodeAuth({ username: 'a' }), 'base64url').toString()), { username: 'a' });
});

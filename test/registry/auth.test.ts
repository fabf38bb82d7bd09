// Registry auth end to end on a real engine: htpasswd Basic auth over TLS (self-signed CA given
// through certs.d) and distribution's token auth with the tests' token server (tokens cached per
// scope, refresh tokens from login). Push through the API lands what skopeo reads back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { mkdir, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Daemon } from '../../runtime/daemon/main';
import { EngineClient } from '../../core/engine/index';
import { makeDockerArchive, type BuiltImage } from '../fixtures/busybox-image';
import { raw, tempRoot, testNames, closeDaemonSuite, type TempRoot } from '../api/helpers';
import { startRegistry, skopeoPush, skopeoInspect, type TestRegistry } from './harness';
import { startTokenServer, type TokenServer } from './token-server';

let t: TempRoot;
let daemon: Daemon;
let client: EngineClient;
let basicReg: TestRegistry;
let tokenReg: TestRegistry;
let tokens: TokenServer;
let img: BuiltImage;
let archive: string;
const names = testNames();
const user = { name: 'alice', password: 's3cret' };
const authHeader = (o: Record<string, string>): string => Buffer.from(JSON.stringify(o)).toString('base64url');

before(async () => {
  t = await tempRoot('berth-regauth-');
  basicReg = await startRegistry(join(t.dir, 'basic'), { tls: true, auth: { htpasswd: { user: user.name, password: user.password } } });
  tokens = await startTokenServer(t.dir, user);
  tokenReg = await startRegistry(join(t.dir, 'token'), { auth: { token: tokens } });
  const certs = join(t.dir, 'certs.d', basicReg.host);
  await mkdir(certs, { recursive: true });
  await copyFile(join(basicReg.dir, 'tls.crt'), join(certs, 'ca.crt'));
  archive = join(t.dir, 'bb.tar');
  img = await makeDockerArchive(archive, { name: 'bb', tag: 'v1', gzip: true });
  await skopeoPush(archive, `${basicReg.host}/private/bb:v1`, `${user.name}:${user.password}`);
  daemon = await Daemon.start({ root: t.root, socketPath: t.socketPath, log: () => undefined, ...names, registries: { certsDir: join(t.dir, 'certs.d') } });
  client = new EngineClient(t.socketPath);
});
after(async () => {
  client?.close();
  await closeDaemonSuite(t, daemon, names.cgroupParent);
  await basicReg?.stop();
  await tokenReg?.stop();
  await tokens?.stop();
});

test('Basic auth over TLS: anonymous is refused, X-Registry-Auth pulls, POST /auth checks the password', async () => {
  const anon = await raw(t.socketPath, 'POST', `/images/create?fromImage=${basicReg.host}/private/bb&tag=v1`);
  assert.notEqual(anon.status, 200);
  assert.match(JSON.parse(anon.body).message, /private\/bb:v1: pull access denied/);
  const auth = authHeader({ username: user.name, password: user.password, serveraddress: basicReg.host });
  const ok = await raw(t.socketPath, 'POST', `/images/create?fromImage=${basicReg.host}/private/bb&tag=v1`, undefined, { 'X-Registry-Auth': auth });
  assert.equal(ok.status, 200, ok.body);
  assert.ok(!ok.body.includes('errorDetail'), ok.body);
  assert.equal((JSON.parse((await raw(t.socketPath, 'GET', `/images/${basicReg.host}/private/bb:v1/json`)).body) as { Id: string }).Id, img.imageId);
  const bad = await raw(t.socketPath, 'POST', '/auth', JSON.stringify({ username: user.name, password: 'wrong', serveraddress: basicReg.host }), { 'content-type': 'application/json' });
  assert.equal(bad.status, 401);
  const good = await raw(t.socketPath, 'POST', '/auth', JSON.stringify({ username: user.name, password: user.password, serveraddress: `https://${basicReg.host}` }), { 'content-type': 'application/json' });
  assert.equal(good.status, 200, good.body);
  assert.equal(JSON.parse(good.body).Status, 'Login Succeeded');
});

test('token auth: push through the API, skopeo reads it back, one token per scope, login gives an identity token that pulls', async () => {
  await client.loadImage(createReadStream(archive));
  await client.getImage('bb:v1').tag({ repo: `${tokenReg.host}/team/app`, tag: '1.0' });
  const auth = authHeader({ username: user.name, password: user.password });
  const push = await raw(t.socketPath, 'POST', `/images/${tokenReg.host}/team/app/push?tag=1.0`, undefined, { 'X-Registry-Auth': auth });
  assert.equal(push.status, 200, push.body);
  assert.ok(!push.body.includes('errorDetail'), push.body);
  const msgs = push.body.trim().split('\n').map((l) => JSON.parse(l) as { status?: string; aux?: { Digest: string } });
  assert.equal(msgs[0].status, `The push refers to repository [${tokenReg.host}/team/app]`);
  assert.ok(msgs.some((m) => m.status === 'Pushed'), push.body);
  const digest = msgs.find((m) => m.aux)?.aux?.Digest;
  assert.equal(tokens.issued, 1, 'one token served the whole push (blobs pushed in parallel included)');
  const remote = await skopeoInspect(`${tokenReg.host}/team/app:1.0`, `${user.name}:${user.password}`);
  assert.equal(remote.Digest, digest);
  const again = await raw(t.socketPath, 'POST', `/images/${tokenReg.host}/team/app/push?tag=1.0`, undefined, { 'X-Registry-Auth': auth });
  assert.ok(again.body.includes('Layer already exists'), again.body);
  const login = await raw(t.socketPath, 'POST', '/auth', JSON.stringify({ username: user.name, password: user.password, serveraddress: tokenReg.host }));
  const identity = (JSON.parse(login.body) as { IdentityToken?: string }).IdentityToken;
  assert.ok(identity, login.body);
  await client.getImage(`${tokenReg.host}/team/app:1.0`).remove({ force: true });
  const pull = await raw(t.socketPath, 'POST', `/images/create?fromImage=${tokenReg.host}/team/app&tag=1.0`, undefined, { 'X-Registry-Auth': authHeader({ identitytoken: identity as string }) });
  assert.equal(pull.status, 200, pull.body);
  assert.ok(pull.body.includes(`Digest: ${digest}`), pull.body);
  const denied = await raw(t.socketPath, 'POST', `/images/create?fromImage=${tokenReg.host}/team/app&tag=1.0`, undefined, { 'X-Registry-Auth': authHeader({ username: user.name, password: 'nope' }) });
  assert.notEqual(denied.status, 200);
  assert.match(JSON.parse(denied.body).message, /refused the credentials|unauthorized/);
});

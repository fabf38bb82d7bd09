// Pulls from a registry that misbehaves (fake-registry.ts on loopback) into a real engine: a
// blob whose bytes do not match its digest, a truncated blob, a connection cut mid-blob (resumed
// with Range), a 503 (retried), a redirect to another host (followed without the registry's
// credentials), a manifest over 4 MiB, schema1, an index with two platforms, and two concurrent
// pulls sharing a layer (fetched once). Each failure names the image; nothing half-written stays.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { realpathSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Daemon } from '../../runtime/daemon/main';
import { buildBusyboxImage, goArch } from '../fixtures/busybox-image';
import { tarBuffer } from '../fixtures/tar';
import { raw, tempRoot, testNames, closeDaemonSuite, type TempRoot } from '../api/helpers';
import { startFakeRegistry, serveImage, sha, type FakeImage, type FakeRegistry } from './fake-registry';

let t: TempRoot;
let daemon: Daemon;
let reg: FakeRegistry;
let base: Buffer;
const names = testNames();
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

before(async () => {
  t = await tempRoot('berth-hostile-');
  reg = await startFakeRegistry();
  base = (await buildBusyboxImage({ gzip: true })).layers[0].data;
  // Layers unpack on the bundle's worker threads, as in `berth engine daemon` (npm test builds it first).
  const unpackWorker = join(dirname(realpathSync('dist/main.cjs')), 'unpack-worker.cjs');
  daemon = await Daemon.start({ root: t.root, socketPath: t.socketPath, log: () => undefined, ...names, unpackWorker });
});
after(async () => {
  await closeDaemonSuite(t, daemon, names.cgroupParent);
  await reg?.stop();
});

/** An image of the busybox layer plus one small layer of its own (unique per `name`). */
async function image(name: string, arch = goArch(), withBase = true): Promise<FakeImage> {
  const own = gzipSync(await tarBuffer([{ name: `${name}.txt`, content: `${name}\n` }]));
  const layers = withBase ? [base, own] : [own];
  const diffIds = await Promise.all(layers.map(async (l, i) => sha(i === layers.length - 1 ? await tarBuffer([{ name: `${name}.txt`, content: `${name}\n` }]) : (await buildBusyboxImage()).layers[0].data)));
  const config = Buffer.from(JSON.stringify({ architecture: arch, os: 'linux', config: { Cmd: ['sh'] }, rootfs: { type: 'layers', diff_ids: diffIds } }));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha(l), size: l.length })),
  }));
  return { manifest, manifestType: OCI_MANIFEST, config, layers };
}

const pull = (ref: string, tag: string, headers: Record<string, string> = {}, platform?: string): ReturnType<typeof raw> =>
  raw(t.socketPath, 'POST', `/images/create?fromImage=${reg.host}/${ref}&tag=${tag}${platform ? `&platform=${platform}` : ''}`, undefined, headers);

function failed(r: { status: number; body: string }): string {
  if (r.status !== 200) return (JSON.parse(r.body) as { message: string }).message;
  const line = r.body.trim().split('\n').map((l) => JSON.parse(l) as { error?: string }).find((m) => m.error);
  assert.ok(line, `expected an error, got ${r.body}`);
  return line.error as string;
}

async function noHalfWritten(digest: string): Promise<void> {
  const ingest = await readdir(join(t.root, 'content', 'ingest')).catch(() => []);
  assert.deepEqual(ingest, [], 'no ingest temp file left');
  const blobs = await readdir(join(t.root, 'content', 'blobs', 'sha256')).catch(() => [] as string[]);
  assert.ok(!blobs.includes(digest.slice(7)), 'the bad blob is not in the store');
}

test('a blob whose bytes do not match its digest fails the pull naming the image; nothing is stored', async () => {
  const img = await image('wrongdigest');
  serveImage(reg, 'bad/digest', 'v1', img);
  const own = img.layers[1];
  const forged = Buffer.from(own);
  forged[forged.length - 1] ^= 0xff;
  reg.blobs.set(sha(own), forged);
  const msg = failed(await pull('bad/digest', 'v1'));
  assert.match(msg, new RegExp(`${reg.host}/bad/digest:v1: .*digest mismatch`));
  await noHalfWritten(sha(own));
  assert.equal((await raw(t.socketPath, 'GET', `/images/${reg.host}/bad/digest:v1/json`)).status, 404);
});

test('a layer that escapes its directory fails the pull while it downloads, naming image and layer; no snapshot is left', async () => {
  // Refused on its first entry with 4 MB still to come: the download goes on to the store (its
  // digest has the last word), the unpack stops, nothing is committed.
  const rawEvil = await tarBuffer([{ name: '../escape', content: 'x' }, { name: 'big', content: Buffer.alloc(4 << 20, 1) }]);
  const evil = gzipSync(rawEvil);
  const img = await image('escape');
  const config = Buffer.from(JSON.stringify({ architecture: goArch(), os: 'linux', rootfs: { type: 'layers', diff_ids: [JSON.parse(img.config.toString()).rootfs.diff_ids[0], sha(rawEvil)] } }));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
    layers: [base, evil].map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha(l), size: l.length })),
  }));
  serveImage(reg, 'bad/escape', 'v1', { manifest, manifestType: OCI_MANIFEST, config, layers: [base, evil] });
  const msg = failed(await pull('bad/escape', 'v1'));
  assert.match(msg, new RegExp(`${reg.host}/bad/escape:v1: layer ${sha(evil)}: .*contains "\\.\\."`));
  assert.equal((await raw(t.socketPath, 'GET', `/images/${reg.host}/bad/escape:v1/json`)).status, 404);
  const files = (await readdir(t.root, { recursive: true })).map(String);
  assert.deepEqual(files.filter((f) => f.endsWith('/escape') || f === 'escape'), [], 'nothing written outside the layer');
  const records = files.filter((f) => /snapshots\/.*metadata\/.+\.json$/.test(f));
  const dirs = files.filter((f) => /^snapshots\/overlayfs\/\d+$/.test(f));
  assert.equal(dirs.length, records.length, `a directory per snapshot record, no extraction's left: ${dirs.join(' ')}`);
  assert.deepEqual(records.filter((f) => f.includes('extract-')), [], 'no extraction left behind');
  assert.equal((await raw(t.socketPath, 'GET', '/_ping')).status, 200);
});

test('a truncated blob fails after resumes; a cut connection resumes with Range; a 503 is retried', async () => {
  const img = await image('truncated');
  serveImage(reg, 'bad/trunc', 'v1', img);
  const own = img.layers[1];
  const path = `/v2/bad/trunc/blobs/${sha(own)}`;
  reg.hook = (req, res) => {
    if (new URL(req.url ?? '', 'http://x').pathname !== path) return false;
    res.writeHead(200).end(own.subarray(0, own.length >> 1));
    return true;
  };
  assert.match(failed(await pull('bad/trunc', 'v1')), /bad\/trunc:v1: blob .* is truncated/);
  await noHalfWritten(sha(own));
  let cut = 0;
  let unavailable = 0;
  reg.hook = (req, res) => {
    const p = new URL(req.url ?? '', 'http://x').pathname;
    if (p === path && !req.headers.range && cut++ === 0) {
      res.writeHead(200, { 'content-length': own.length });
      res.write(own.subarray(0, 100));
      setTimeout(() => res.socket?.destroy(), 50);
      return true;
    }
    if (p.startsWith('/v2/bad/trunc/manifests/') && unavailable++ === 0) return void res.writeHead(503).end(), true;
    return false;
  };
  const ok = await pull('bad/trunc', 'v1');
  assert.equal(ok.status, 200, ok.body);
  assert.ok(!ok.body.includes('"error"'), ok.body);
  assert.ok(reg.seen.some((s) => s.path === path && s.range === 'bytes=100-'), 'resumed from byte 100');
  assert.equal(unavailable, 2, 'the 503 was retried');
  reg.hook = undefined;
});

test('a redirect to another host is followed without the registry credentials', async () => {
  const other = await startFakeRegistry('127.0.0.2');
  try {
    const img = await image('redirected');
    serveImage(reg, 'priv/app', 'v1', img);
    const own = img.layers[1];
    other.blobs.set(sha(own), own);
    reg.basic = 'Basic ' + Buffer.from('u:p').toString('base64');
    reg.hook = (req, res) => {
      const p = new URL(req.url ?? '', 'http://x').pathname;
      if (p !== `/v2/priv/app/blobs/${sha(own)}` || req.headers.authorization !== reg.basic) return false;
      res.writeHead(307, { location: `http://${other.host}/v2/storage/blobs/${sha(own)}?sig=1` }).end();
      return true;
    };
    const auth = Buffer.from(JSON.stringify({ username: 'u', password: 'p' })).toString('base64url');
    const r = await pull('priv/app', 'v1', { 'X-Registry-Auth': auth });
    assert.equal(r.status, 200, r.body);
    assert.ok(!r.body.includes('"error"'), r.body);
    const there = other.seen.filter((s) => s.path.includes('/blobs/'));
    assert.equal(there.length, 1);
    assert.equal(there[0].authorization, undefined, 'no credentials to the other host');
  } finally {
    reg.basic = undefined;
    reg.hook = undefined;
    await other.stop();
  }
});

test('a manifest over 4 MiB and a schema1 manifest are refused with clear errors', async () => {
  reg.hook = (req, res) => {
    if (!req.url?.startsWith('/v2/bad/huge/manifests/')) return false;
    res.writeHead(200, { 'content-type': OCI_MANIFEST });
    res.end(Buffer.alloc(5 * 1024 * 1024, 0x20));
    return true;
  };
  assert.match(failed(await pull('bad/huge', 'v1')), /bad\/huge:v1: manifest .*over the 4194304-byte limit|larger than 4194304 bytes/);
  reg.hook = undefined;
  reg.manifests.set('old/one:v1', { type: 'application/vnd.docker.distribution.manifest.v1+prettyjws', body: Buffer.from('{"schemaVersion":1,"name":"old/one","tag":"v1","fsLayers":[]}') });
  assert.match(failed(await pull('old/one', 'v1')), /old\/one:v1: Docker Image manifest version 2, schema 1 is not supported/);
  const garbage = await pull('bad/nothere', 'v1');
  assert.equal(garbage.status, 404);
});

test('an index with two platforms: the host one by default, --platform picks the other', async () => {
  const host = await image('multi-host');
  const other = await image('multi-other', goArch() === 'arm64' ? 'amd64' : 'arm64');
  const otherArch = goArch() === 'arm64' ? 'amd64' : 'arm64';
  for (const i of [host, other]) serveImage(reg, 'multi/app', sha(i.manifest), i);
  const index = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      { mediaType: OCI_MANIFEST, digest: sha(other.manifest), size: other.manifest.length, platform: { os: 'linux', architecture: otherArch } },
      { mediaType: OCI_MANIFEST, digest: sha(host.manifest), size: host.manifest.length, platform: { os: 'linux', architecture: goArch() } },
    ],
  }));
  reg.manifests.set('multi/app:v1', { type: 'application/vnd.oci.image.index.v1+json', body: index });
  assert.equal((await pull('multi/app', 'v1')).status, 200);
  const a = JSON.parse((await raw(t.socketPath, 'GET', `/images/${reg.host}/multi/app:v1/json`)).body) as { Id: string; RepoDigests: string[] };
  assert.equal(a.Id, sha(host.config));
  assert.deepEqual(a.RepoDigests, [`${reg.host}/multi/app@${sha(index)}`]);
  const r = await pull('multi/app', 'v1', {}, `linux/${otherArch}`);
  assert.equal(r.status, 200, r.body);
  assert.equal((JSON.parse((await raw(t.socketPath, 'GET', `/images/${reg.host}/multi/app:v1/json`)).body) as { Id: string }).Id, sha(other.config));
  const none = await pull('multi/app', 'v1', {}, 'linux/s390x');
  assert.match(failed(none), /no matching manifest for linux\/s390x/);
});

test('two concurrent pulls of images sharing a layer fetch that layer once', async () => {
  const shared = gzipSync(await tarBuffer([{ name: 'shared.txt', content: 'shared layer\n' }]));
  const mk = async (name: string): Promise<FakeImage> => {
    const img = await image(name, goArch(), false);
    const ownRaw = await tarBuffer([{ name: `${name}.txt`, content: `${name}\n` }]);
    const layers = [shared, img.layers[0]];
    const config = Buffer.from(JSON.stringify({ architecture: goArch(), os: 'linux', rootfs: { type: 'layers', diff_ids: [sha(await tarBuffer([{ name: 'shared.txt', content: 'shared layer\n' }])), sha(ownRaw)] } }));
    const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length }, layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha(l), size: l.length })) }));
    return { manifest, manifestType: OCI_MANIFEST, config, layers };
  };
  serveImage(reg, 'share/one', 'v1', await mk('one'));
  serveImage(reg, 'share/two', 'v1', await mk('two'));
  reg.hook = (req, res) => {
    // Slow the shared layer down so the second pull finds it in flight.
    if (!req.url?.endsWith(sha(shared).slice(7))) return false;
    setTimeout(() => res.writeHead(200, { 'content-length': shared.length }).end(shared), 300);
    return true;
  };
  const [a, b] = await Promise.all([pull('share/one', 'v1'), pull('share/two', 'v1')]);
  reg.hook = undefined;
  assert.equal(a.status, 200);
  assert.equal(b.status, 200);
  assert.ok(!a.body.includes('"error"') && !b.body.includes('"error"'), a.body + b.body);
  assert.equal(reg.seen.filter((s) => s.method === 'GET' && s.path.endsWith(sha(shared))).length, 1);
  // A third image on the same base later: only its own layer is fetched.
  serveImage(reg, 'share/three', 'v1', await mk('three'));
  const c = await pull('share/three', 'v1');
  assert.equal(c.status, 200);
  const msgs = c.body.trim().split('\n').map((l) => JSON.parse(l) as { id?: string; status?: string });
  assert.ok(msgs.some((m) => m.id === sha(shared).slice(7, 19) && m.status === 'Already exists'), c.body);
  // As dockerd: a layer already there is only "Already exists", never pulled nor completed.
  const base = msgs.filter((m) => m.id === sha(shared).slice(7, 19)).map((m) => m.status);
  assert.deepEqual(base, ['Already exists'], c.body);
  assert.equal(msgs.filter((m) => m.status === 'Pull complete').length, msgs.filter((m) => m.status === 'Pulling fs layer').length, c.body);
  assert.equal(reg.seen.filter((s) => s.method === 'GET' && s.path.endsWith(sha(shared))).length, 1, 'the base was not fetched again');
});

test('pull --all-platforms: a corrupt blob of another platform fails the pull, nothing committed; an attestation child is stored as is', async () => {
  const otherArch = goArch() === 'arm64' ? 'amd64' : 'arm64';
  const host = await image('allp-host');
  const other = await image('allp-other', otherArch, false);
  // buildx's provenance: an unknown/unknown manifest of in-toto layers, never unpacked.
  const statement = Buffer.from('{"_type":"https://in-toto.io/Statement/v0.1"}');
  const att: FakeImage = { manifestType: OCI_MANIFEST, config: Buffer.from('{}'), layers: [statement], manifest: Buffer.alloc(0) };
  att.manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(att.config), size: att.config.length },
    layers: [{ mediaType: 'application/vnd.in-toto+json', digest: sha(statement), size: statement.length }],
  }));
  for (const i of [host, other, att]) serveImage(reg, 'allp/app', sha(i.manifest), i);
  const entry = (i: FakeImage, platform: object, annotations?: object): object => ({ mediaType: OCI_MANIFEST, digest: sha(i.manifest), size: i.manifest.length, platform, ...(annotations ? { annotations } : {}) });
  const index = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [entry(host, { os: 'linux', architecture: goArch() }), entry(other, { os: 'linux', architecture: otherArch }),
      entry(att, { os: 'unknown', architecture: 'unknown' }, { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': sha(host.manifest) })],
  }));
  reg.manifests.set('allp/app:v1', { type: 'application/vnd.oci.image.index.v1+json', body: index });
  const own = other.layers[0];
  const forged = Buffer.from(own);
  forged[forged.length - 1] ^= 0xff;
  reg.blobs.set(sha(own), forged);
  const all = (): ReturnType<typeof raw> => raw(t.socketPath, 'POST', `/images/create?fromImage=${reg.host}/allp/app&tag=v1&allPlatforms=1`);
  assert.match(failed(await all()), new RegExp(`${reg.host}/allp/app:v1: .*digest mismatch`));
  await noHalfWritten(sha(own));
  assert.equal((await raw(t.socketPath, 'GET', `/images/${reg.host}/allp/app:v1/json`)).status, 404);
  reg.blobs.set(sha(own), own);
  const ok = await all();
  assert.ok(ok.status === 200 && !ok.body.includes('errorDetail'), ok.body);
  const blobs = await readdir(join(t.root, 'content', 'blobs', 'sha256'));
  for (const d of [sha(att.manifest), sha(statement), sha(own), sha(other.config)]) assert.ok(blobs.includes(d.slice(7)), `${d} stored`);
});

// Multi-platform images against a real registry (Debian's docker-registry on loopback, plain
// HTTP): an index of two platforms (the host's busybox image pushed by skopeo, another
// architecture's small image and the manifest list put by hand). A one-platform pull remembers
// the index and pushes the host manifest only; `pull --all-platforms` stores both platforms
// (the other never unpacked) and GC keeps them; tag + push sends the whole index, which
// `skopeo inspect --raw` and `skopeo copy --all` read back byte for byte; push --platform sends
// one child; removing the images lets GC drop every blob of the index.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Daemon } from '../../runtime/daemon/main';
import { goArch, type BuiltImage } from '../fixtures/busybox-image';
import { raw, tempRoot, testNames, closeDaemonSuite, type TempRoot } from '../api/helpers';
import { startRegistry, pushHelloImage, type TestRegistry } from './harness';
import { sha } from './registry-put';
import { makeTwoPlatformIndex, otherArch, V2, type TwoPlatforms } from './two-platforms';

const exec = promisify(execFile);

let t: TempRoot;
let daemon: Daemon;
let reg: TestRegistry;
let host: BuiltImage;
const names = testNames();
let src: TwoPlatforms;

before(async () => {
  t = await tempRoot('berth-index-');
  reg = await startRegistry(join(t.dir, 'registry'));
  host = await pushHelloImage(t.dir, `${reg.host}/src/app:host`);
  src = await makeTwoPlatformIndex(reg.url, 'src/app', 'host', 'multi');
  daemon = await Daemon.start({ root: t.root, socketPath: t.socketPath, log: () => undefined, ...names });
});
after(async () => {
  await closeDaemonSuite(t, daemon, names.cgroupParent);
  await reg?.stop();
});

const api = (method: string, path: string): ReturnType<typeof raw> => raw(t.socketPath, method, path);

async function ok(method: string, path: string): Promise<string> {
  const r = await api(method, path);
  assert.ok(r.status >= 200 && r.status < 300, `${method} ${path}: ${r.status} ${r.body}`);
  assert.ok(!r.body.includes('"errorDetail"'), `${method} ${path}: ${r.body}`);
  return r.body;
}

const pull = (repo: string, tag: string, query = ''): Promise<string> => ok('POST', `/images/create?fromImage=${reg.host}/${repo}&tag=${tag}${query}`);
const tag = (from: string, repo: string, to: string): Promise<string> => ok('POST', `/images/${reg.host}/${from}/tag?repo=${reg.host}/${repo}&tag=${to}`);
const push = (repo: string, to: string, query = ''): Promise<string> => ok('POST', `/images/${reg.host}/${repo}/push?tag=${to}${query}`);
const imageId = async (ref: string): Promise<string> => (JSON.parse(await ok('GET', `/images/${reg.host}/${ref}/json`)) as { Id: string }).Id;
const stored = (digest: string): boolean => existsSync(join(t.root, 'content', 'blobs', 'sha256', digest.slice(7)));

/** The architectures the OCI layout's index names. */
async function ociIndexPlatforms(dir: string, blobs: string[]): Promise<string[]> {
  for (const b of blobs) {
    const text = await readFile(join(dir, b), 'utf8');
    if (!text.includes('"manifests"')) continue;
    const parsed = JSON.parse(text) as { manifests: { platform?: { architecture: string } }[] };
    return parsed.manifests.map((m) => m.platform?.architecture ?? '?');
  }
  return [];
}

async function skopeoRaw(ref: string): Promise<Buffer> {
  const { stdout } = await exec('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${reg.host}/${ref}`], { encoding: 'buffer' });
  return stdout;
}

test('a one-platform pull of an index remembers it; its push sends the host manifest only', async () => {
  await pull('src/app', 'multi');
  assert.equal(await imageId('src/app:multi'), host.imageId);
  assert.ok(stored(sha(src.index)), 'the index bytes are kept');
  assert.ok(!stored(src.other.config), 'the other platform is not fetched');
  await tag('src/app:multi', 'dst/one', '1');
  const out = await push('dst/one', '1');
  assert.match(out, new RegExp(`1: digest: ${src.hostManifest}`));
  const remote = await skopeoRaw('dst/one:1');
  assert.equal(sha(remote), src.hostManifest);
  assert.equal((JSON.parse(remote.toString()) as { mediaType: string }).mediaType, V2);
  const missing = await api('POST', `/images/${reg.host}/dst/one/push?tag=1&platform=linux/${otherArch}`);
  assert.equal(missing.status, 404, missing.body);
  assert.match((JSON.parse(missing.body) as { message: string }).message, new RegExp(`${reg.host}/dst/one:1: the image has no content for platform linux/${otherArch}`));
});

test('pull --all-platforms stores every platform, unpacks only the host one; GC keeps them', async () => {
  const out = await pull('src/app', 'multi', '&allPlatforms=1');
  assert.match(out, /Downloaded newer image/, 'a record without the other platform is not up to date');
  for (const d of [src.other.manifest, src.other.config, src.other.layer]) assert.ok(stored(d), `${d} stored`);
  const snapshots = await readdir(join(t.root, 'snapshots'), { recursive: true });
  assert.ok(snapshots.some((n) => n.includes(host.layers[0].diffId.slice(7))), 'the host platform\'s first layer is a snapshot');
  assert.ok(!snapshots.some((n) => n.includes(src.other.diffId.slice(7))), 'the other platform\'s layer is not unpacked');
  assert.equal(await imageId('src/app:multi'), host.imageId);
  await ok('POST', '/images/prune');
  for (const d of [sha(src.index), src.other.manifest, src.other.config, src.other.layer]) assert.ok(stored(d), `${d} kept by GC`);
  assert.match(await pull('src/app', 'multi', '&allPlatforms=1'), /Image is up to date/);
});

test('tag + push sends the index: skopeo reads it back whole; a pull of the other platform yields its config', async () => {
  await tag('src/app:multi', 'dst/all', '2');
  const out = await push('dst/all', '2');
  assert.match(out, new RegExp(`2: digest: ${sha(src.index)} size: ${src.index.length}`));
  assert.ok(out.includes(`"Digest":"${sha(src.index)}"`), out);
  const remote = await skopeoRaw('dst/all:2');
  assert.ok(remote.equals(src.index), 'the index is byte-equal to the source\'s');
  assert.equal(sha(await skopeoRaw(`dst/all@${src.other.manifest}`)), src.other.manifest);
  const dir = join(t.dir, 'oci-all');
  await exec('skopeo', ['copy', '--quiet', '--all', '--insecure-policy', '--src-tls-verify=false', `docker://${reg.host}/dst/all:2`, `oci:${dir}`]);
  // skopeo rewrites the manifests as OCI ones (and the host's docker-archive config with them);
  // it has checked every blob it read against its digest, and the layers keep theirs.
  const blobs = await readdir(join(dir, 'blobs', 'sha256'));
  for (const d of [src.other.config, src.other.layer, ...src.hostLayers]) assert.ok(blobs.includes(d.slice(7)), `${d} copied back`);
  const platforms = await ociIndexPlatforms(join(dir, 'blobs', 'sha256'), blobs);
  assert.deepEqual(platforms.sort(), [goArch(), otherArch].sort());
  await pull('dst/all', '2', `&platform=linux/${otherArch}`);
  assert.equal(await imageId('dst/all:2'), src.other.config);
});

test('push --platform sends one child of the index (os/arch or the OCI JSON docker 28 sends)', async () => {
  await tag('src/app:multi', 'dst/plat', '3');
  const json = encodeURIComponent(JSON.stringify({ architecture: otherArch, os: 'linux' }));
  assert.match(await push('dst/plat', '3', `&platform=${json}`), new RegExp(`3: digest: ${src.other.manifest}`));
  assert.equal(sha(await skopeoRaw('dst/plat:3')), src.other.manifest);
  await push('dst/plat', '3', `&platform=linux/${goArch()}`);
  assert.equal(sha(await skopeoRaw('dst/plat:3')), src.hostManifest);
});

test('removing the images lets GC drop every blob of the index', async () => {
  for (const id of [host.imageId, src.other.config]) await ok('DELETE', `/images/${id}?force=1`);
  for (const d of [sha(src.index), src.hostManifest, src.other.manifest, src.other.config, src.other.layer, host.imageId]) assert.ok(!stored(d), `${d} removed`);
});

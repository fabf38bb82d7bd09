// The pure parts of multi-platform pull and push: what a push sends for a record (the whole
// index, the host manifest when other platforms are missing, one platform on request), the
// record's index part (built, merged, complete or not) and the API's platform parameter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { MT, type Descriptor } from '../images/media-types';
import { mergeIndex, type ImageRecord } from '../images/record';
import { planPush, type PlanSource } from './push-plan';
import { holdsAllPlatforms, indexRecord } from './pull-index';
import { parsePlatformParam } from './platform';
import type { FetchedManifest } from './manifest';

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A content store in a map: blobs by digest. */
function store(): { src: PlanSource; put(b: Buffer | object): Descriptor; drop(d: string): void } {
  const blobs = new Map<string, Buffer>();
  return {
    src: {
      has: async (d) => blobs.has(d),
      read: async (d) => blobs.get(d) ?? assert.fail(`read of a missing blob ${d}`),
    },
    put: (b) => {
      const bytes = Buffer.isBuffer(b) ? b : Buffer.from(JSON.stringify(b));
      blobs.set(sha(bytes), bytes);
      return { mediaType: '', digest: sha(bytes), size: bytes.length };
    },
    drop: (d) => void blobs.delete(d),
  };
}

/** One platform's image: config, one layer, manifest, all stored. */
function platformImage(s: ReturnType<typeof store>, arch: string): { manifest: Descriptor; config: Descriptor; layer: Descriptor } {
  const config = { ...s.put({ os: 'linux', architecture: arch, rootfs: { type: 'layers', diff_ids: [] } }), mediaType: MT.ociConfig };
  const layer = { ...s.put(Buffer.from(`layer of ${arch}`)), mediaType: MT.ociLayerGzip };
  const manifest = { ...s.put({ schemaVersion: 2, mediaType: MT.ociManifest, config, layers: [layer] }), mediaType: MT.ociManifest };
  return { manifest, config, layer };
}

function fixture(): { s: ReturnType<typeof store>; record: ImageRecord; amd: ReturnType<typeof platformImage>; arm: ReturnType<typeof platformImage> } {
  const s = store();
  const amd = platformImage(s, 'amd64');
  const arm = platformImage(s, 'arm64');
  const index = s.put({
    schemaVersion: 2, mediaType: MT.ociIndex,
    manifests: [{ ...amd.manifest, platform: { os: 'linux', architecture: 'amd64' } }, { ...arm.manifest, platform: { os: 'linux', architecture: 'arm64' } }],
  });
  const record: ImageRecord = {
    id: amd.config.digest, repoTags: [], repoDigests: [], manifest: amd.manifest, config: amd.config,
    layers: [{ ...amd.layer, diffId: 'sha256:' + '0'.repeat(64) }], chainIds: [], size: 0, loadedAt: '',
    index: { digest: index.digest, mediaType: MT.ociIndex, size: index.size, blobs: [] },
  };
  return { s, record, amd, arm };
}

test('push plan: every child stored -> children by digest, the index under the tag, each blob once', async () => {
  const { s, record, amd, arm } = fixture();
  const plan = await planPush(record, s.src, 'img');
  assert.equal(plan.top.digest, record.index?.digest);
  assert.equal(plan.top.mediaType, MT.ociIndex);
  assert.deepEqual(plan.children.map((c) => c.digest), [amd.manifest.digest, arm.manifest.digest]);
  assert.deepEqual(plan.blobs.map((b) => b.desc.digest).sort(), [amd.config, amd.layer, arm.config, arm.layer].map((d) => d.digest).sort());
  assert.deepEqual(plan.blobs.filter((b) => b.shown).map((b) => b.desc.digest).sort(), [amd.layer.digest, arm.layer.digest].sort());
});

test('push plan: another platform missing (a one-platform pull) -> the record\'s own manifest, no error', async () => {
  const { s, record, arm } = fixture();
  s.drop(arm.layer.digest);
  const plan = await planPush(record, s.src, 'img');
  assert.equal(plan.top.digest, record.manifest.digest);
  assert.deepEqual(plan.children, []);
  // An old record (no index part) pushes its manifest as before.
  assert.equal((await planPush({ ...record, index: undefined }, s.src, 'img')).top.digest, record.manifest.digest);
});

test('push plan --platform: that child only; a platform without content names image and platform', async () => {
  const { s, record, arm } = fixture();
  const plan = await planPush(record, s.src, 'reg/img:1', { os: 'linux', architecture: 'arm64' });
  assert.equal(plan.top.digest, arm.manifest.digest);
  assert.deepEqual(plan.blobs.map((b) => b.desc.digest), [arm.layer.digest, arm.config.digest]);
  await assert.rejects(planPush(record, s.src, 'reg/img:1', { os: 'linux', architecture: 's390x' }), { code: 'NOT_FOUND', message: /reg\/img:1: .*no content for platform linux\/s390x/ });
  s.drop(arm.config.digest);
  await assert.rejects(planPush(record, s.src, 'reg/img:1', { os: 'linux', architecture: 'arm64' }), /no content for platform linux\/arm64/);
  // Single-platform image: its own platform is its manifest.
  const single = { ...record, index: undefined };
  assert.equal((await planPush(single, s.src, 'x', { os: 'linux', architecture: 'amd64' })).top.digest, record.manifest.digest);
  await assert.rejects(planPush(single, s.src, 'x', { os: 'linux', architecture: 'arm64' }), /no content for platform/);
});

test('index part: built from the pull, merged by digest, complete only with every child', () => {
  const m = (digest: string, parsed: object): FetchedManifest => ({ digest, mediaType: MT.ociIndex, bytes: Buffer.from('{}'), parsed: parsed as FetchedManifest['parsed'] });
  const index = { schemaVersion: 2, manifests: [{ mediaType: MT.ociManifest, digest: 'sha256:m1', size: 1 }, { mediaType: MT.ociManifest, digest: 'sha256:m2', size: 1 }] };
  const chosen = m('sha256:m1', { schemaVersion: 2, config: { digest: 'sha256:c1' }, layers: [{ digest: 'sha256:l1' }] });
  const one = indexRecord(m('sha256:i', index), chosen);
  assert.deepEqual(one, { digest: 'sha256:i', mediaType: MT.ociIndex, size: 2, blobs: ['sha256:i', 'sha256:m1', 'sha256:c1', 'sha256:l1'] });
  assert.equal(holdsAllPlatforms(one, 'sha256:i', index), false);
  const all = indexRecord(m('sha256:i', index), chosen, ['sha256:m2', 'sha256:c2', 'sha256:l1']);
  assert.equal(holdsAllPlatforms(all, 'sha256:i', index), true);
  assert.equal(holdsAllPlatforms(all, 'sha256:other', index), false);
  assert.deepEqual(mergeIndex(all, one)?.blobs, all.blobs, 'a later one-platform pull keeps what --all-platforms stored');
  assert.equal(mergeIndex(all, { ...one, digest: 'sha256:j' })?.digest, 'sha256:j');
  assert.equal(mergeIndex(undefined, undefined), undefined);
  assert.equal(mergeIndex(one, undefined), one);
});

test('platform parameter: os/arch or the OCI JSON docker 28 sends; garbage is a clear error', () => {
  assert.deepEqual(parsePlatformParam('linux/amd64'), { os: 'linux', architecture: 'amd64' });
  assert.deepEqual(parsePlatformParam('{"architecture":"arm64","os":"linux","variant":"v8"}'), { os: 'linux', architecture: 'arm64', variant: 'v8' });
  assert.deepEqual(parsePlatformParam('{"architecture":"amd64","os":"linux","variant":""}'), { os: 'linux', architecture: 'amd64' });
  assert.throws(() => parsePlatformParam('{"os":"linux"'), { code: 'INVALID_ARGUMENT', message: /not JSON/ });
  assert.throws(() => parsePlatformParam('{"os":"linux","architecture":7}'), /want \{"os","architecture"/);
});

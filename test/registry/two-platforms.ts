// A two-platform image in a real registry: the host's image already there under `hostTag`
// (pushed by skopeo), another architecture's small image and the Docker manifest list naming
// both put beside it by hand (registry-put.ts), the list under `listTag`.
import { gzipSync } from 'node:zlib';
import { goArch } from '../fixtures/busybox-image';
import { tarBuffer } from '../fixtures/tar';
import { getManifest, putBlob, putManifest, sha } from './registry-put';

export const LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const V2 = 'application/vnd.docker.distribution.manifest.v2+json';
export const otherArch = goArch() === 'arm64' ? 'amd64' : 'arm64';

/** What the index holds, as the registry stores it. */
export interface TwoPlatforms {
  index: Buffer;
  hostManifest: string;
  hostLayers: string[];
  other: { manifest: string; config: string; layer: string; diffId: string };
}

export async function makeTwoPlatformIndex(url: string, repo: string, hostTag: string, listTag: string): Promise<TwoPlatforms> {
  const tar = await tarBuffer([{ name: `${otherArch}.txt`, content: `built for ${otherArch}\n` }]);
  const layer = gzipSync(tar);
  const config = Buffer.from(JSON.stringify({ architecture: otherArch, os: 'linux', config: { Cmd: ['sh'] }, rootfs: { type: 'layers', diff_ids: [sha(tar)] } }));
  await putBlob(url, repo, layer);
  await putBlob(url, repo, config);
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: V2,
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: sha(config), size: config.length },
    layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: sha(layer), size: layer.length }],
  }));
  await putManifest(url, repo, sha(manifest), V2, manifest);
  const hostManifest = (await getManifest(url, repo, hostTag, V2)).body;
  const index = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: LIST,
    manifests: [
      { mediaType: V2, digest: sha(hostManifest), size: hostManifest.length, platform: { architecture: goArch(), os: 'linux' } },
      { mediaType: V2, digest: sha(manifest), size: manifest.length, platform: { architecture: otherArch, os: 'linux' } },
    ],
  }));
  await putManifest(url, repo, listTag, LIST, index);
  return {
    index, hostManifest: sha(hostManifest),
    hostLayers: (JSON.parse(hostManifest.toString()) as { layers: { digest: string }[] }).layers.map((l) => l.digest),
    other: { manifest: sha(manifest), config: sha(config), layer: sha(layer), diffId: sha(tar) },
  };
}

// Images of the runtime cases. There is no registry here: every image a case names is the
// fixture busybox image (test/fixtures/busybox-image.ts) loaded under that name, with the image
// config changed where a case relies on what the real image does. Each difference is stated.
import { join } from 'node:path';
import { makeDockerArchive, type ImageConfigFields } from '../fixtures/busybox-image';

export interface StandIn {
  name: string;
  tag: string;
  config?: ImageConfigFields;
  /** Why this image differs from plain busybox (shown in the report). */
  why?: string;
}

/** nginx's images serve HTTP on :80; busybox's httpd does the same for the cases' `nc localhost:80` healthchecks. */
const NGINX: ImageConfigFields = { Cmd: ['httpd', '-f', '-p', '80', '-h', '/var/www'] };
const NGINX_WHY = 'nginx stand-in: default command `httpd -f -p 80 -h /var/www` (busybox httpd) so the container serves :80 as nginx would';

/** Images shared by all cases: alpine is busybox with alpine's default `sh`. */
export const COMMON_IMAGES: StandIn[] = [
  { name: 'alpine', tag: 'latest' },
  { name: 'nginx', tag: 'alpine', config: NGINX, why: NGINX_WHY },
  { name: 'nginx', tag: 'latest', config: NGINX, why: NGINX_WHY },
];

/** Writes a docker-archive per image into `dir`; returns the paths to `image load`. */
export async function writeArchives(dir: string, images: StandIn[]): Promise<string[]> {
  const paths: string[] = [];
  for (const [i, img] of images.entries()) {
    const path = join(dir, `image-${i}.tar`);
    await makeDockerArchive(path, { name: img.name, tag: img.tag, config: img.config });
    paths.push(path);
  }
  return paths;
}

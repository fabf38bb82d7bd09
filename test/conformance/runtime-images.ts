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

/**
 * nginx's images serve HTTP on :80 and stop on SIGTERM/SIGQUIT; busybox's httpd serves :80 for the
 * cases' `nc localhost:80` healthchecks, under a shell that exits on those signals (httpd as PID 1
 * has no handler, so the kernel would drop them and every stop would wait out its timeout).
 */
const NGINX: ImageConfigFields = { Cmd: ['sh', '-c', "trap 'exit 0' TERM QUIT; httpd -f -p 80 -h /var/www & wait"] };
const NGINX_WHY = 'nginx stand-in: default command runs busybox `httpd -f -p 80` under a shell that exits on SIGTERM/SIGQUIT, so the container serves :80 and stops as nginx does';

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

// A step's layer: the upper directory of its overlay snapshot written as a tar, with overlay
// whiteouts turned back into Docker's (a 0:0 char device → `.wh.NAME`, an opaque directory →
// `DIR/.wh..wh..opq`), hard links kept as links, gzip-compressed. The uncompressed stream is
// hashed on the way (the diff id) while the content store hashes the compressed one (the digest).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import type { ContentStore } from '../content/store';
import type { Syscalls } from '../mount/syscalls';
import { OPAQUE, WHITEOUT_PREFIX } from '../unpack';

export interface LayerBlob {
  digest: string;
  size: number;
  diffId: string;
  mediaType: string;
}

const GZIP_LAYER = 'application/vnd.docker.image.rootfs.diff.tar.gzip';

/** Writes the diff in `upper` to the content store as a gzip layer. */
export async function commitDiff(upper: string, content: ContentStore, sys: Syscalls): Promise<LayerBlob> {
  const pack = tar.pack();
  const hash = createHash('sha256');
  const hasher = new Transform({ transform(chunk: Buffer, _e, cb) { hash.update(chunk); cb(null, chunk); } });
  const gz = createGzip({ level: 6 });
  const out = new PassThrough();
  const piping = pipeline(pack, hasher, gz, out);
  piping.catch(() => undefined); // surfaced through `out` and awaited below
  const writing = walk(pack, upper, '', sys, new Map()).then(() => pack.finalize(), (err: Error) => pack.destroy(err));
  const info = await content.ingest(out);
  await Promise.all([writing, piping]);
  return { digest: info.digest, size: info.size, diffId: `sha256:${hash.digest('hex')}`, mediaType: GZIP_LAYER };
}

type Head = Partial<tar.Header> & { name: string };

function entry(pack: tar.Pack, header: Head, body?: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const cb = (err?: Error | null): void => (err ? reject(err) : resolve());
    if (!body) { pack.entry(header as tar.Header, cb); return; }
    body.pipe(pack.entry(header as tar.Header, cb));
  });
}

/** Depth first, names sorted (the layer bytes, and so the digest, do not depend on readdir order). */
async function walk(pack: tar.Pack, root: string, rel: string, sys: Syscalls, inodes: Map<number, string>): Promise<void> {
  const names = (await readdir(join(root, rel))).sort();
  for (const name of names) {
    const path = join(root, rel, name);
    const relName = rel ? `${rel}/${name}` : name;
    const st = await lstat(path);
    const base = { name: relName, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: st.mtime };
    if (st.isCharacterDevice() && st.rdev === 0) {
      await entry(pack, { ...base, name: rel ? `${rel}/${WHITEOUT_PREFIX}${name}` : `${WHITEOUT_PREFIX}${name}`, type: 'file', size: 0, mode: 0o644 });
    } else if (st.isDirectory()) {
      await entry(pack, { ...base, type: 'directory' });
      if (sys.lgetxattr(path, 'trusted.overlay.opaque')?.toString() === 'y') {
        await entry(pack, { ...base, name: `${relName}/${OPAQUE}`, type: 'file', size: 0, mode: 0o644 });
      }
      await walk(pack, root, relName, sys, inodes);
    } else if (st.isSymbolicLink()) {
      await entry(pack, { ...base, type: 'symlink', linkname: await readlink(path) });
    } else if (st.isFile()) {
      const first = st.nlink > 1 ? inodes.get(st.ino) : undefined;
      if (first !== undefined) { await entry(pack, { ...base, type: 'link', linkname: first, size: 0 }); continue; }
      if (st.nlink > 1) inodes.set(st.ino, relName);
      await entry(pack, { ...base, type: 'file', size: st.size }, createReadStream(path));
    } else if (st.isFIFO()) {
      await entry(pack, { ...base, type: 'fifo' });
    }
    // Sockets and device nodes other than whiteouts are left out, as Docker's archiver does for sockets.
  }
}

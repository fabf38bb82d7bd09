// What ADD does beyond COPY: a local tar archive (plain, gzip or zstd) is extracted at the
// destination with the layer unpacker's safety rules; an http(s) URL is fetched into scratch
// space (verified against `--checksum=sha256:...` when given) and copied as a file named after
// the URL's last path segment. Extracted entries keep the owners the archive gives, as Docker's.
import { createHash } from 'node:crypto';
import { open, writeFile, mkdir } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { join, posix } from 'node:path';
import { applyLayer } from '../unpack';
import type { BuildRun } from './build-run';
import type { Source } from './copy-sources';
import { BuildError } from './errors';
import { resolveInScope } from './scoped-path';

export const isUrl = (s: string): boolean => /^https?:\/\//i.test(s);

async function isArchive(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(512), 0, 512, 0);
    if (bytesRead >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) return true;
    if (bytesRead >= 4 && buffer.readUInt32LE(0) === 0xfd2fb528) return true;
    return bytesRead >= 262 && buffer.subarray(257, 262).toString() === 'ustar';
  } finally {
    await fh.close();
  }
}

/** Extracts the archives among `sources` into `dest`; returns the sources left to copy. */
export async function addExtracts(run: BuildRun, rootfs: string, sources: Source[], dest: string): Promise<Source[]> {
  const rest: Source[] = [];
  for (const s of sources) {
    if (s.isDir || !(await isArchive(s.path))) { rest.push(s); continue; }
    const target = await resolveInScope(rootfs, dest);
    await mkdir(target, { recursive: true });
    await applyLayer(createReadStream(s.path), target, { sys: run.rootfs.sys, whiteouts: 'delete' }).catch((err: Error) => {
      throw new BuildError('INVALID_ARGUMENT', `ADD ${s.rel}: ${err.message}`, { cause: err });
    });
  }
  return rest;
}

export async function fetchUrls(run: BuildRun, urls: string[], checksum: string | undefined, where: string): Promise<Source[]> {
  const dir = join(run.rootfs.scratch, `add-${run.steps.n}`);
  await mkdir(dir, { recursive: true });
  const out: Source[] = [];
  for (const url of urls) {
    const res = await fetch(url).catch((err: Error) => { throw new BuildError('UNAVAILABLE', `${where}: ADD ${url}: ${err.message}`, { cause: err }); });
    if (!res.ok) throw new BuildError('UNAVAILABLE', `${where}: ADD ${url}: HTTP ${res.status}`);
    const body = Buffer.from(await res.arrayBuffer());
    const sum = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    if (checksum && checksum !== sum) throw new BuildError('INVALID_ARGUMENT', `${where}: ADD ${url}: digest mismatch ${sum} (expected ${checksum})`);
    const name = posix.basename(new URL(url).pathname) || '__unnamed__';
    await writeFile(join(dir, name), body, { mode: 0o600 });
    out.push({ path: join(dir, name), rel: name, isDir: false });
  }
  return out;
}

// A content-addressed blob store, as containerd's content store (core/content/local): blobs
// live at <root>/blobs/sha256/<hex>, are written to <root>/ingest first while hashed, verified
// against the expected digest and size, fsynced, then renamed into place. A reader never sees
// a partial or unverified blob; a crash leaves only ingest temp files, removed by `cleanIngest`.
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, readdir, readFile, chmod, link } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { EngineError } from '../errors';
import { type Digest, parseDigest, encoded, isDigest } from './digest';

export interface BlobInfo {
  digest: Digest;
  size: number;
}

export interface Expected {
  digest?: string;
  size?: number;
}

export type BlobSource = Uint8Array | Readable | AsyncIterable<Uint8Array>;

/**
 * Writes `source` to the new file `tmp` (mode 0600, created exclusively) and says what it wrote.
 * The store's own hashes on this thread; a pull hands the bytes to the unpack worker that also
 * unpacks them (runtime/unpack/record-blob.ts). The store still checks the result, and fsyncs the
 * file itself (on the threadpool: the worker goes on to its next layer meanwhile).
 */
export type BlobWriter = (source: AsyncIterable<Uint8Array>, tmp: string) => Promise<BlobInfo>;

export class ContentStore {
  constructor(private readonly root: string) {}

  /** Where a blob lives; other primitives (unpack) read it from here. */
  path(digest: string): string {
    return join(this.root, 'blobs', 'sha256', encoded(parseDigest(digest)));
  }

  async has(digest: string): Promise<boolean> {
    return (await this.info(digest).catch(() => undefined)) !== undefined;
  }

  async info(digest: string): Promise<BlobInfo> {
    const d = parseDigest(digest);
    try {
      return { digest: d, size: (await stat(this.path(d))).size };
    } catch (err) {
      throw new EngineError('NOT_FOUND', `blob ${d} not found`, { cause: err });
    }
  }

  async read(digest: string): Promise<Buffer> {
    const d = parseDigest(digest);
    try {
      return await readFile(this.path(d));
    } catch (err) {
      throw new EngineError('NOT_FOUND', `blob ${d} not found`, { cause: err });
    }
  }

  async readStream(digest: string): Promise<ReadStream> {
    await this.info(digest);
    return createReadStream(this.path(digest));
  }

  /**
   * Writes a blob, hashing as it goes. When `expected.digest` or `expected.size` is given and
   * differs, nothing is stored and INVALID_ARGUMENT is thrown. Idempotent for existing blobs.
   */
  async ingest(source: BlobSource, expected: Expected = {}, write?: BlobWriter): Promise<BlobInfo> {
    if (expected.digest !== undefined) parseDigest(expected.digest);
    const ingestDir = join(this.root, 'ingest');
    await mkdir(ingestDir, { recursive: true });
    const tmp = join(ingestDir, randomBytes(8).toString('hex'));
    try {
      const written = write && !(source instanceof Uint8Array);
      const info = written ? await write(source, tmp) : await this.writeHashed(source, tmp);
      if (written) await syncFile(tmp);
      verify(info, expected);
      const dest = this.path(info.digest);
      await mkdir(join(this.root, 'blobs', 'sha256'), { recursive: true });
      await chmod(tmp, 0o444);
      await rename(tmp, dest);
      return info;
    } finally {
      await rm(tmp, { force: true });
    }
  }

  /**
   * Ingests a file this engine owns (an archive unpacked into scratch space) by hashing it and
   * hard-linking it into place: no second copy of every layer on load, and the scratch name
   * stays for a second reference to the same file. Same rules as ingest().
   */
  async ingestOwnedFile(path: string, expected: Expected = {}): Promise<BlobInfo> {
    if (expected.digest !== undefined) parseDigest(expected.digest);
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of createReadStream(path)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    const info: BlobInfo = { digest: `sha256:${hash.digest('hex')}`, size };
    verify(info, expected);
    await mkdir(join(this.root, 'blobs', 'sha256'), { recursive: true });
    const fh = await open(path, 'r');
    try {
      await fh.chown(0, 0);
      await fh.chmod(0o444);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await link(path, this.path(info.digest));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return info;
      if (code !== 'EXDEV') throw err;
      return this.ingest(createReadStream(path), { digest: info.digest, size });
    }
    return info;
  }

  private async writeHashed(source: BlobSource, tmp: string): Promise<BlobInfo> {
    const hash = createHash('sha256');
    let size = 0;
    const fh = await open(tmp, 'wx', 0o600);
    try {
      const chunks = source instanceof Uint8Array ? [source] : source;
      for await (const chunk of chunks) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        hash.update(buf);
        size += buf.length;
        await fh.write(buf);
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    return { digest: `sha256:${hash.digest('hex')}`, size };
  }

  async delete(digest: string): Promise<void> {
    await rm(this.path(digest), { force: true });
  }

  async list(): Promise<BlobInfo[]> {
    let names: string[];
    try {
      names = await readdir(join(this.root, 'blobs', 'sha256'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const out: BlobInfo[] = [];
    for (const n of names.sort()) {
      const d = `sha256:${n}`;
      if (isDigest(d)) out.push(await this.info(d));
    }
    return out;
  }

  /** Removes temp files left by a crash mid-ingest (call at start-up, before any ingest). */
  async cleanIngest(): Promise<void> {
    await rm(join(this.root, 'ingest'), { recursive: true, force: true });
  }
}

async function syncFile(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

function verify(info: BlobInfo, expected: Expected): void {
  if (expected.size !== undefined && expected.size !== info.size) {
    throw new EngineError('INVALID_ARGUMENT', `blob size mismatch: expected ${expected.size} bytes, got ${info.size} (${info.digest})`);
  }
  if (expected.digest !== undefined && expected.digest !== info.digest) {
    throw new EngineError('INVALID_ARGUMENT', `blob digest mismatch: expected ${expected.digest}, got ${info.digest}`);
  }
}

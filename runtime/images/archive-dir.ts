// An image archive unpacked into a scratch directory (or an OCI layout directory given as is),
// read as hostile input: every path named by manifest.json or index.json is checked like a
// layer entry (no "..", no absolute path, no symlink on the way or at the end), so an archive
// cannot make us read /etc/shadow into the content store.
import { createReadStream, type ReadStream } from 'node:fs';
import { readFile, mkdir, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import { EngineError } from '../errors';
import type { Syscalls } from '../mount/syscalls';
import { applyLayer, entryComponents, resolveParent, lstatOrUndefined, VerifiedDirs } from '../unpack';

export class ArchiveDir {
  /** `owned`: a scratch copy this engine made, whose files may be hard-linked into the content store. */
  constructor(readonly dir: string, readonly owned = false) {}

  /** Unpacks a tar (gzip or not) into `dir` with the layer unpacker's safety rules. */
  static async extract(stream: Readable, dir: string, sys: Syscalls, maxBytes?: number): Promise<ArchiveDir> {
    await mkdir(dir, { recursive: true });
    try {
      await applyLayer(stream, dir, { sys, whiteouts: 'delete', maxBytes });
    } catch (err) {
      throw new EngineError('INVALID_ARGUMENT', `image archive: ${(err as Error).message}`, { cause: err });
    }
    return new ArchiveDir(dir, true);
  }

  /**
   * The checked absolute path of a regular file; undefined when absent. Symlinks inside the
   * archive are followed (`docker save` links duplicate layers: <id>/layer.tar ->
   * ../<other>/layer.tar) but only to relative targets that stay inside it, re-checked each hop.
   */
  async file(rel: string, hops = 0): Promise<string | undefined> {
    let comps: string[];
    try {
      comps = entryComponents(rel);
    } catch (err) {
      throw new EngineError('INVALID_ARGUMENT', `image archive names an unsafe path "${rel}"`, { cause: err });
    }
    if (comps.length === 0) return undefined;
    const parent = resolveParent(rel, comps, false, new VerifiedDirs(this.dir));
    if (parent === undefined) return undefined;
    const path = join(parent, comps[comps.length - 1]);
    const st = await lstatOrUndefined(path);
    if (st === undefined) return undefined;
    if (st.isSymbolicLink()) {
      const target = await readlink(path);
      const next = posix.normalize(posix.join(...comps.slice(0, -1), target));
      if (target.startsWith('/') || next.startsWith('..') || hops >= 8) {
        throw new EngineError('INVALID_ARGUMENT', `image archive: "${rel}" is a symlink pointing outside the archive`);
      }
      return this.file(next, hops + 1);
    }
    if (!st.isFile()) throw new EngineError('INVALID_ARGUMENT', `image archive: "${rel}" is not a regular file`);
    return path;
  }

  async has(rel: string): Promise<boolean> {
    return (await this.file(rel)) !== undefined;
  }

  async mustFile(rel: string): Promise<string> {
    const p = await this.file(rel);
    if (p === undefined) throw new EngineError('INVALID_ARGUMENT', `image archive: "${rel}" is missing`);
    return p;
  }

  async read(rel: string): Promise<Buffer> {
    return readFile(await this.mustFile(rel));
  }

  async json<T>(rel: string): Promise<T> {
    const buf = await this.read(rel);
    try {
      return JSON.parse(buf.toString()) as T;
    } catch (err) {
      throw new EngineError('INVALID_ARGUMENT', `image archive: "${rel}" is not valid JSON`, { cause: err });
    }
  }

  async open(rel: string): Promise<ReadStream> {
    return createReadStream(await this.mustFile(rel));
  }
}

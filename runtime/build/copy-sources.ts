// COPY/ADD sources: each pattern resolved in its root (the context, where a symlink leading out
// is refused, or another stage's rootfs, where links resolve in scope), globs matched per path
// segment as Go's filepath.Match does, and a content checksum over what was selected (names,
// types, modes, owners, bytes, link targets; never mtimes), which is the step's cache input, as
// BuildKit keys a copy by the content it reads.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readFile, readdir, readlink, stat } from 'node:fs/promises';
import { join, posix, relative } from 'node:path';
import { BuildError } from './errors';
import { contextPath, resolveInScope } from './scoped-path';

export interface Source {
  /** Host path of the source (a top-level symlink already followed). */
  path: string;
  /** The name as given after glob expansion, relative to the source root. */
  rel: string;
  isDir: boolean;
  /** Paths (relative to the source root) .dockerignore leaves out of a directory source. */
  filter?: SourceFilter;
}

export interface SourceFilter {
  ignored: (rel: string) => boolean;
  reincludes: boolean;
}

/** Whether a walk over a directory source takes `rel` (and, for a directory, looks inside). */
export function takes(f: SourceFilter | undefined, rel: string, isDir: boolean): 'yes' | 'no' | 'inside' {
  if (!f || !f.ignored(rel)) return 'yes';
  return isDir && f.reincludes ? 'inside' : 'no';
}

const GLOB = /[*?[]/;

function segmentRegex(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 1);
      if (end < 0) throw new BuildError('INVALID_ARGUMENT', `syntax error in pattern: ${seg}`);
      re += '[' + seg.slice(i + 1, end).replace(/^\^/, '^').replace(/\\/g, '\\\\') + ']';
      i = end;
    } else if (c === '\\' && i + 1 < seg.length) re += seg[++i].replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Relative paths under `root` matching `pattern` segment by segment. */
async function expandGlob(root: string, pattern: string, filter?: SourceFilter): Promise<string[]> {
  let found = [''];
  for (const seg of posix.normalize(pattern).split('/').filter((s) => s && s !== '.')) {
    const next: string[] = [];
    for (const base of found) {
      if (!GLOB.test(seg)) { next.push(base ? `${base}/${seg}` : seg); continue; }
      const re = segmentRegex(seg);
      const names = await readdir(join(root, base)).catch(() => [] as string[]);
      for (const n of names.sort()) {
        const rel = base ? `${base}/${n}` : n;
        if (re.test(n) && !filter?.ignored(rel)) next.push(rel);
      }
    }
    found = next;
  }
  return found.filter((f) => f !== '');
}

/** Resolves the source patterns; `inContext` refuses paths that lead outside `root`. */
export async function resolveSources(root: string, patterns: string[], inContext: boolean, what: string, filter?: SourceFilter): Promise<Source[]> {
  const out: Source[] = [];
  for (const p of patterns) {
    const rels = GLOB.test(p) ? await expandGlob(root, p, filter) : [posix.normalize(p).replace(/^\/+/, '') || '.'];
    if (!rels.length) throw notFound(p, what);
    for (const rel of rels) {
      const path = inContext ? await contextPath(root, rel) : await resolveInScope(root, rel);
      const st = await stat(path).catch(() => undefined);
      if (!st || (rel !== '.' && takes(filter, rel, st.isDirectory()) === 'no')) throw notFound(rel, what);
      // Inside a directory source, names are matched against .dockerignore from the context root.
      const prefix = rel === '.' ? '' : `${rel}/`;
      const sub = filter && { ignored: (r: string) => filter.ignored(prefix + r), reincludes: filter.reincludes };
      out.push({ path, rel, isDir: st.isDirectory(), filter: sub });
    }
  }
  return out;
}

function notFound(p: string, what: string): BuildError {
  return new BuildError('INVALID_ARGUMENT', `COPY failed: file not found in ${what}: stat ${p}: file does not exist`);
}

/**
 * File content hashes by (path, inode, size, mtime and ctime in ns), as BuildKit's contenthash
 * keeps them: the key is still the content, read again whenever any of these moved (a write
 * always moves ctime). The builder owns one for the engine's lifetime.
 */
export class FileHashCache {
  private readonly map = new Map<string, string>();
  constructor(private readonly max = 200_000) {}

  async hash(path: string): Promise<string> {
    const st = await stat(path, { bigint: true });
    const key = `${path}\0${st.ino}\0${st.size}\0${st.mtimeNs}\0${st.ctimeNs}`;
    let sum = this.map.get(key);
    if (sum === undefined) {
      const h = createHash('sha256');
      if (st.size < BigInt(SMALL)) h.update(await readFile(path));
      else for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
      sum = h.digest('hex');
      if (this.map.size >= this.max) this.map.clear();
      this.map.set(key, sum);
    }
    return sum;
  }
}

/** sha256 over every selected entry's name, type, mode, owner, content or link target. */
export async function checksumSources(sources: Source[], files = new FileHashCache()): Promise<string> {
  const h = createHash('sha256');
  for (const s of sources) {
    h.update(`source ${s.rel}\0`);
    await hashTree(h, s.path, s.path, files, s.filter);
  }
  return h.digest('hex');
}

const SMALL = 1 << 20;

async function hashTree(h: ReturnType<typeof createHash>, top: string, path: string, files: FileHashCache, filter?: SourceFilter): Promise<void> {
  const st = path === top ? await stat(path) : await lstat(path);
  const rel = relative(top, path);
  const take = path === top ? 'yes' : takes(filter, rel, st.isDirectory());
  if (take === 'no') return;
  if (take === 'yes') h.update(`${rel}\0${st.mode}\0${st.uid}:${st.gid}\0`);
  if (take === 'yes' && st.isSymbolicLink()) h.update(`link ${await readlink(path)}\0`);
  else if (take === 'yes' && st.isFile()) {
    h.update(`file ${st.size} ${await files.hash(path)}\0`);
  } else if (st.isDirectory()) {
    for (const n of (await readdir(path)).sort()) await hashTree(h, top, join(path, n), files, filter);
  }
}

// COPY/ADD sources: each pattern resolved in its root (the context, where a symlink leading out
// is refused, or another stage's rootfs, where links resolve in scope), globs matched per path
// segment as Go's filepath.Match does, and a content checksum over what was selected (names,
// types, modes, owners, bytes, link targets; never mtimes), which is the step's cache input, as
// BuildKit keys a copy by the content it reads.
import { createHash, type Hash } from 'node:crypto';
import { closeSync, lstatSync, openSync, readSync, readdirSync, readlinkSync, statSync, type BigIntStats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { join, posix } from 'node:path';
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
  /** `COPY --parents`: the path this source keeps under the destination (its name included). */
  keep?: string;
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

/**
 * `COPY --parents`: each source keeps its path under the destination, from the context root or,
 * when the pattern has a `/./` pivot (BuildKit's), from the pivot on.
 */
export async function resolveWithParents(root: string, patterns: string[], inContext: boolean, what: string, filter?: SourceFilter): Promise<Source[]> {
  const out: Source[] = [];
  for (const p of patterns) {
    const pivot = p.indexOf('/./');
    const prefix = pivot < 0 ? '' : posix.normalize(p.slice(0, pivot)).replace(/^\/+/, '').replace(/^\.$/, '');
    for (const s of await resolveSources(root, [p], inContext, what, filter)) {
      const keep = prefix && s.rel.startsWith(`${prefix}/`) ? s.rel.slice(prefix.length + 1) : s.rel;
      out.push({ ...s, keep });
    }
  }
  return out;
}

function notFound(p: string, what: string): BuildError {
  return new BuildError('INVALID_ARGUMENT', `COPY failed: file not found in ${what}: stat ${p}: file does not exist`);
}

/**
 * File content hashes by (path, device, inode, size, mtime and ctime in ns), as BuildKit's
 * contenthash keeps them: the key is still the content, read again whenever any of these moved
 * (a write always moves ctime, and nothing but the kernel sets ctime). The builder owns one for
 * the engine's lifetime, so a rebuild reads only the files that changed.
 */
export class FileHashCache {
  private readonly map = new Map<string, string>();
  /** `now`: wall-clock ms (file times are wall-clock), for the racy-file rule below. */
  constructor(private readonly now: () => number = Date.now, private readonly max = 200_000) {}

  /** The content hash of the regular file at `path`, whose lstat (bigint) is `st`. */
  hash(path: string, st: BigIntStats): string {
    const key = `${path}\0${st.dev}\0${st.ino}\0${st.size}\0${st.mtimeNs}\0${st.ctimeNs}`;
    let sum = this.map.get(key);
    if (sum === undefined) {
      const readAt = BigInt(Math.floor(this.now())) * 1_000_000n;
      sum = hashFile(path);
      // Racy files, as git calls them: a write in the same clock tick as this read would leave
      // ctime where it is, so a file changed less than RACY_MS before the read is not kept.
      if (readAt - st.ctimeNs < RACY_NS) return sum;
      if (this.map.size >= this.max) this.map.clear();
      this.map.set(key, sum);
    }
    return sum;
  }
}

/** Well above the coarsest file time granularity Linux has (a jiffy, ≤ 10 ms). */
const RACY_NS = 1_000_000_000n;

function hashFile(path: string): string {
  const h = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 16);
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) h.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return h.digest('hex');
}

/** sha256 over every selected entry's name, type, mode, owner, content or link target. */
export async function checksumSources(sources: Source[], files = new FileHashCache()): Promise<string> {
  const h = createHash('sha256');
  const walk: TreeWalk = { h, files, seen: 0 };
  for (const s of sources) {
    h.update(`source ${s.rel}\0`);
    const st = statSync(s.path, { bigint: true });
    await hashEntry(walk, s.path, '', st, s.filter);
  }
  return h.digest('hex');
}

interface TreeWalk { h: Hash; files: FileHashCache; seen: number }

/** Entries walked between two turns of the event loop (a big context must not stall the API). */
const YIELD_EVERY = 512;

/**
 * Synchronous stat and readdir, one lstat per entry, paths joined by hand (path.join's
 * normalization was the top of the profile): a cached rebuild of a 2,000-file context is
 * nothing but this walk, which the thread pool and promises made several times slower.
 */
async function hashEntry(w: TreeWalk, path: string, rel: string, st: BigIntStats, filter?: SourceFilter): Promise<void> {
  const take = rel === '' ? 'yes' : takes(filter, rel, st.isDirectory());
  if (take === 'no') return;
  if (take === 'yes') w.h.update(`${rel}\0${st.mode}\0${st.uid}:${st.gid}\0`);
  if (take === 'yes' && st.isSymbolicLink()) w.h.update(`link ${readlinkSync(path)}\0`);
  else if (take === 'yes' && st.isFile()) {
    w.h.update(`file ${st.size} ${w.files.hash(path, st)}\0`);
  } else if (st.isDirectory()) {
    for (const n of readdirSync(path).sort()) {
      if (++w.seen % YIELD_EVERY === 0) await nextTurn();
      const child = `${path}/${n}`;
      await hashEntry(w, child, rel ? `${rel}/${n}` : n, lstatSync(child, { bigint: true }), filter);
    }
  }
}

// COPY/ADD sources: each pattern resolved in its root (the context, where a symlink leading out
// is refused, or another stage's rootfs, where links resolve in scope), globs matched per path
// segment as Go's filepath.Match does, and a content checksum over what was selected (names,
// types, modes, owners, bytes, link targets; never mtimes), which is the step's cache input, as
// BuildKit keys a copy by the content it reads.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink, stat } from 'node:fs/promises';
import { join, posix, relative } from 'node:path';
import { BuildError } from './errors';
import { contextPath, resolveInScope } from './scoped-path';

export interface Source {
  /** Host path of the source (a top-level symlink already followed). */
  path: string;
  /** The name as given after glob expansion, relative to the source root. */
  rel: string;
  isDir: boolean;
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
async function expandGlob(root: string, pattern: string): Promise<string[]> {
  let found = [''];
  for (const seg of posix.normalize(pattern).split('/').filter((s) => s && s !== '.')) {
    const next: string[] = [];
    for (const base of found) {
      if (!GLOB.test(seg)) { next.push(base ? `${base}/${seg}` : seg); continue; }
      const re = segmentRegex(seg);
      const names = await readdir(join(root, base)).catch(() => [] as string[]);
      for (const n of names.sort()) if (re.test(n)) next.push(base ? `${base}/${n}` : n);
    }
    found = next;
  }
  return found.filter((f) => f !== '');
}

/** Resolves the source patterns; `inContext` refuses paths that lead outside `root`. */
export async function resolveSources(root: string, patterns: string[], inContext: boolean, what: string): Promise<Source[]> {
  const out: Source[] = [];
  for (const p of patterns) {
    const rels = GLOB.test(p) ? await expandGlob(root, p) : [posix.normalize(p).replace(/^\/+/, '') || '.'];
    if (!rels.length) throw notFound(p, what);
    for (const rel of rels) {
      const path = inContext ? await contextPath(root, rel) : await resolveInScope(root, rel);
      const st = await stat(path).catch(() => undefined);
      if (!st) throw notFound(rel, what);
      out.push({ path, rel, isDir: st.isDirectory() });
    }
  }
  return out;
}

function notFound(p: string, what: string): BuildError {
  return new BuildError('INVALID_ARGUMENT', `COPY failed: file not found in ${what}: stat ${p}: file does not exist`);
}

/** sha256 over every selected entry's name, type, mode, owner, content or link target. */
export async function checksumSources(sources: Source[]): Promise<string> {
  const h = createHash('sha256');
  for (const s of sources) {
    h.update(`source ${s.rel}\0`);
    await hashTree(h, s.path, s.path);
  }
  return h.digest('hex');
}

async function hashTree(h: ReturnType<typeof createHash>, top: string, path: string): Promise<void> {
  const st = path === top ? await stat(path) : await lstat(path);
  const rel = relative(top, path);
  h.update(`${rel}\0${st.mode}\0${st.uid}:${st.gid}\0`);
  if (st.isSymbolicLink()) h.update(`link ${await readlink(path)}\0`);
  else if (st.isFile()) {
    h.update(`file ${st.size}\0`);
    for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  } else if (st.isDirectory()) {
    for (const n of (await readdir(path)).sort()) await hashTree(h, top, join(path, n));
  }
}

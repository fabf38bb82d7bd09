// `berth container cp CONTAINER:SRC DEST` and `berth container cp SRC CONTAINER:DEST`, through
// Docker's archive endpoints (tar both ways; `-` for a tar on stdin/stdout, as docker cp).
import { mkdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { connectEngine } from './engine-connect';
import type { CommandContext } from '../context';
import type { EngineClient } from '../../core/engine/index';

function split(arg: string): { container?: string; path: string } {
  const i = arg.indexOf(':');
  if (i > 0 && !arg.startsWith('/') && !arg.startsWith('.')) return { container: arg.slice(0, i), path: arg.slice(i + 1) };
  return { path: arg };
}

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const positionals = rest.filter((a) => !a.startsWith('-') || a === '-');
    if (positionals.length !== 2) {
      ctx.stderr.write('berth container cp: requires exactly 2 arguments\n');
      return 1;
    }
    const [src, dst] = positionals.map(split);
    if (src.container && !dst.container) await copyOut(client, src.container, src.path, dst.path, ctx);
    else if (!src.container && dst.container) await copyIn(client, src.path, dst.container, dst.path, ctx);
    else {
      ctx.stderr.write('berth container cp: exactly one of source and destination must be CONTAINER:PATH\n');
      return 1;
    }
    return 0;
  } finally {
    client.close();
  }
}

async function copyOut(client: EngineClient, ref: string, path: string, dest: string, ctx: CommandContext): Promise<void> {
  const { stat: st, stream } = await client.getContainer(ref).getArchive(path);
  if (dest === '-') { await pipeline(stream, ctx.stdout); return; }
  const target = resolve(ctx.cwd, dest);
  const destIsDir = await stat(target).then((s) => s.isDirectory(), () => false);
  // docker cp: into an existing directory the entry keeps its name; otherwise it takes dest's name.
  const root = destIsDir ? target : dirname(target);
  const rename = destIsDir ? undefined : basename(target);
  const extract = tar.extract();
  extract.on('entry', (h, body, next) => {
    const parts = h.name.split('/').filter(Boolean);
    if (parts.some((p) => p === '..')) { body.resume(); next(); return; }
    if (rename && parts[0] === st.name) parts[0] = rename;
    const out = join(root, ...parts);
    const done = (): void => { body.resume(); next(); };
    if (h.type === 'directory') { mkdir(out, { recursive: true, mode: h.mode }).then(done, next); return; }
    if (h.type !== 'file') { done(); return; }
    mkdir(dirname(out), { recursive: true }).then(() => pipeline(body, createWriteStream(out, { mode: h.mode }))).then(() => next(), next);
  });
  await pipeline(stream, extract);
}

async function copyIn(client: EngineClient, src: string, ref: string, dest: string, ctx: CommandContext): Promise<void> {
  if (src === '-') { await client.getContainer(ref).putArchive(dest, process.stdin); return; }
  const path = resolve(ctx.cwd, src);
  const st = await stat(path);
  if (!st.isFile()) throw new Error('copying directories in is not supported yet: pass a tar on stdin (-)');
  // Into an existing directory the file keeps its name; otherwise it is created as DEST.
  const intoDir = dest.endsWith('/') || (await isContainerDir(client, ref, dest));
  const pack = tar.pack();
  const entry = pack.entry({ name: intoDir ? basename(path) : basename(dest), size: st.size, mode: st.mode & 0o7777, mtime: st.mtime });
  const destDir = intoDir ? dest : dirname(dest);
  const put = client.getContainer(ref).putArchive(destDir, Readable.from(pack));
  await pipeline(createReadStream(path), entry);
  pack.finalize();
  await put;
}

/** Go's os.ModeDir bit in the path stat dockerd returns. */
const MODE_DIR = 0x80000000;

async function isContainerDir(client: EngineClient, ref: string, path: string): Promise<boolean> {
  try {
    const res = await client.transport.request({ method: 'HEAD', path: `/containers/${encodeURIComponent(ref)}/archive`, query: { path } });
    res.resume();
    const raw = String(res.headers['x-docker-container-path-stat'] ?? '');
    const st = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as { mode: number };
    return (st.mode & MODE_DIR) !== 0 || st.mode >= MODE_DIR;
  } catch {
    return false;
  }
}

export const help = {
  usage: 'berth container cp CONTAINER:SRC_PATH DEST_PATH|-\n        berth container cp SRC_PATH|- CONTAINER:DEST_PATH',
  summary: 'Copy files/folders between a container and the local filesystem (- for a tar stream on stdin/stdout)',
  flags: [],
} as const;

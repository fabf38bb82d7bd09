// `docker save` / `berth image save`: images → a docker-archive stream in the classic layout
// every `docker load` reads: <diffid>/layer.tar (uncompressed), <id>.json (the config bytes as
// stored, so the image id survives the round trip), manifest.json and repositories.
import { Readable } from 'node:stream';
import { once } from 'node:events';
import tar from 'tar-stream';
import type { ImageContext } from './context';
import type { ImageRecord, LayerRecord } from './record';
import { decompressStream } from '../unpack';
import { familiarName, normalizeName, parseReference } from './reference';

const hex = (d: string): string => d.replace(/^sha256:/, '');

interface SaveItem { record: ImageRecord; tags: string[] }

/** Resolves refs: a name saves with that tag, an id saves untagged (as docker save). */
async function resolveItems(ctx: ImageContext, refs: string[]): Promise<SaveItem[]> {
  const items = new Map<string, SaveItem>();
  for (const ref of refs) {
    const record = await ctx.store.resolve(ref);
    const item = items.get(record.id) ?? { record, tags: [] };
    // A hex ref only counts as a name if the image really carries that name.
    const name = safeNormalize(ref);
    if (name && record.repoTags.includes(name) && !item.tags.includes(name)) item.tags.push(name);
    items.set(record.id, item);
  }
  return [...items.values()];
}

function safeNormalize(ref: string): string {
  try {
    const r = parseReference(ref);
    return r.digest ? '' : normalizeName(ref);
  } catch {
    return '';
  }
}

type Pack = ReturnType<typeof tar.pack>;
type Sink = ReturnType<Pack['entry']>;

async function addEntry(pack: Pack, name: string, body: Buffer | AsyncIterable<Uint8Array>, size: number): Promise<void> {
  let sink!: Sink;
  const done = new Promise<void>((resolve, reject) => { sink = pack.entry({ name, size, mtime: new Date(0) }, (err) => (err ? reject(err) : resolve())); });
  // A client gone mid-save destroys the pack: the copy below then throws first, and this
  // promise's rejection ("already finalized or destroyed") must not go unhandled (it would end berthd).
  done.catch(() => undefined);
  // The entry's own error (the pack destroyed under it) reaches `done` through the callback.
  (sink as unknown as NodeJS.EventEmitter).on('error', () => undefined);
  if (!Buffer.isBuffer(body)) {
    for await (const chunk of body) if (!sink.write(chunk)) await once(sink as unknown as NodeJS.EventEmitter, 'drain');
  }
  sink.end(Buffer.isBuffer(body) ? body : undefined);
  await done;
}

/** The uncompressed layer tar and its size (a first pass counts compressed layers). */
async function layerBody(ctx: ImageContext, l: LayerRecord): Promise<{ size: number; open: () => Promise<AsyncIterable<Uint8Array>> }> {
  const open = async (): Promise<AsyncIterable<Uint8Array>> => decompressStream(await ctx.content.readStream(l.digest));
  if (!/gzip|zstd/.test(l.mediaType)) return { size: l.size, open };
  let size = 0;
  for await (const c of await open()) size += (c as Buffer).length;
  return { size, open };
}

async function writeArchive(ctx: ImageContext, pack: Pack, items: SaveItem[]): Promise<void> {
  const written = new Set<string>();
  const manifest: Array<{ Config: string; RepoTags: string[] | null; Layers: string[] }> = [];
  const repositories: Record<string, Record<string, string>> = {};
  for (const { record, tags } of items) {
    for (const l of record.layers) {
      if (written.has(l.diffId)) continue;
      written.add(l.diffId);
      const body = await layerBody(ctx, l);
      await addEntry(pack, `${hex(l.diffId)}/VERSION`, Buffer.from('1.0'), 3);
      await addEntry(pack, `${hex(l.diffId)}/layer.tar`, await body.open(), body.size);
    }
    const config = await ctx.content.read(record.config.digest);
    await addEntry(pack, `${hex(record.id)}.json`, config, config.length);
    const familiar = tags.map(familiarName);
    manifest.push({ Config: `${hex(record.id)}.json`, RepoTags: familiar.length ? familiar : null, Layers: record.layers.map((l) => `${hex(l.diffId)}/layer.tar`) });
    const top = record.layers[record.layers.length - 1];
    for (const t of familiar) {
      const i = t.lastIndexOf(':');
      if (top) (repositories[t.slice(0, i)] ??= {})[t.slice(i + 1)] = hex(top.diffId);
    }
  }
  const m = Buffer.from(JSON.stringify(manifest));
  await addEntry(pack, 'manifest.json', m, m.length);
  const r = Buffer.from(JSON.stringify(repositories));
  await addEntry(pack, 'repositories', r, r.length);
  pack.finalize();
}

/** Resolves every ref first (NOT_FOUND before any byte is sent), then streams the archive. */
export async function saveImages(ctx: ImageContext, refs: string[]): Promise<Readable> {
  const items = await resolveItems(ctx, refs);
  const pack = tar.pack();
  writeArchive(ctx, pack, items).catch((err: unknown) => pack.destroy(err as Error));
  return Readable.from(pack);
}

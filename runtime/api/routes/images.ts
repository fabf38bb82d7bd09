// Image endpoints (api/server/router/image in moby): list, inspect, load, import (fromSrc), save,
// tag, remove, history, prune. Pull (fromImage) is routes/distribution.ts's.
import type { Router } from '../http/router';
import type { ApiContext } from '../http/context';
import { parseFilters, queryBool } from '../http/query';
import { writeJsonLine } from '../json-stream';
import type { Backends, ImagesBackend } from '../backend';
import type { ImageInspect, JsonMessage } from '../types';
import { EngineError } from '../../errors';
import { need } from './need';
import { pullImage } from './distribution';

export function addImageRoutes(r: Router, b: Backends): void {
  const images = (): ImagesBackend => need(b.images, 'images');
  r.get('/images/json', async (ctx) => {
    ctx.json(await images().list({ all: queryBool(ctx.query, 'all'), filters: parseFilters(ctx.query.get('filters')) }));
  });
  r.post('/images/load', (ctx) => load(ctx, images()));
  r.post('/images/create', (ctx) => (ctx.query.get('fromImage') ? pullImage(ctx, need(b.distribution, 'registry operations')) : create(ctx, images())));
  r.get('/images/get', (ctx) => save(ctx, images(), ctx.query.getAll('names')));
  r.post('/images/prune', async (ctx) => ctx.json(await images().prune(parseFilters(ctx.query.get('filters')))));
  r.get('/images/:name*/json', async (ctx) => ctx.json(withLegacyFields(await images().inspect(ctx.param('name')))));
  r.get('/images/:name*/history', async (ctx) => ctx.json(await images().history(ctx.param('name'))));
  r.get('/images/:name*/get', (ctx) => save(ctx, images(), [ctx.param('name')]));
  r.post('/images/:name*/tag', async (ctx) => {
    const repo = ctx.query.get('repo');
    if (!repo) throw new EngineError('INVALID_ARGUMENT', 'repository name must have at least one component');
    await images().tag(ctx.param('name'), repo, ctx.query.get('tag') || undefined);
    ctx.empty(201);
  });
  r.delete('/images/:name*', async (ctx) => {
    const opts = { force: queryBool(ctx.query, 'force'), noprune: queryBool(ctx.query, 'noprune') };
    ctx.json(await images().remove(ctx.param('name'), opts));
  });
}

/**
 * The archive is loaded completely before the response starts, so a bad archive gets a real error
 * status (the docker CLI prints the message either way); the result is dockerd's JSON stream:
 * one "Loaded image: NAME" (or "Loaded image ID: sha256:...") per image.
 */
async function load(ctx: ApiContext, images: ImagesBackend): Promise<void> {
  const names = await images.load(ctx.req);
  const out = ctx.stream('application/json');
  for (const n of names) {
    const label = n.startsWith('sha256:') ? 'Loaded image ID' : 'Loaded image';
    writeJsonLine(out, { stream: `${label}: ${n}\n` } satisfies JsonMessage);
  }
  out.end();
}

async function create(ctx: ApiContext, images: ImagesBackend): Promise<void> {
  const src = ctx.query.get('fromSrc');
  if (src !== '-') throw new EngineError('INVALID_ARGUMENT', 'only fromSrc=- (the request body) is supported');
  const changes = ctx.query.getAll('changes');
  const id = await images.import(ctx.req, {
    repo: ctx.query.get('repo') || undefined, tag: ctx.query.get('tag') || undefined,
    message: ctx.query.get('message') || undefined, changes,
  });
  const out = ctx.stream('application/json');
  writeJsonLine(out, { status: id } satisfies JsonMessage);
  out.end();
}

async function save(ctx: ApiContext, images: ImagesBackend, refs: string[]): Promise<void> {
  if (refs.length === 0) throw new EngineError('INVALID_ARGUMENT', 'no image names given');
  // Resolve every name first so an unknown one is a 404, not a broken stream.
  for (const ref of refs) await images.inspect(ref);
  const out = ctx.stream('application/x-tar');
  await images.save(refs, out);
  out.end();
}

/**
 * `Container` and `ContainerConfig`, which dockerd answers up to API 1.44 and drops in 1.45, are
 * kept at every version: docker-py 7 negotiates the server's highest version, and docker-compose
 * v1 then reads `ContainerConfig.Volumes` in the middle of a recreate (KeyError, a half-done
 * recreate, against a dockerd that follows 1.45). An extra field is harmless to newer clients. An
 * image not committed from a container carries its own config there.
 */
function withLegacyFields(img: ImageInspect): ImageInspect {
  return { ...img, Container: '', ContainerConfig: { ...img.Config } };
}

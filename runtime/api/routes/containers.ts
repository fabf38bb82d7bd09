// Container endpoints (api/server/router/container in moby). Names, full ids and unique id prefixes
// are interchangeable in paths: the backend resolves them.
import type { Router } from '../http/router';
import type { ApiContext } from '../http/context';
import { parseFilters, queryBool, queryInt } from '../http/query';
import type { Backends, ContainersBackend } from '../backend';
import type { ContainerCreateRequest } from '../types';
import { EngineError } from '../../errors';
import { need } from './need';
import { containerCreateBody, validBody } from '../validate/index';
import { attach, logs, stats, wait } from './container-streams';
import { archiveDelete, archiveGet, archiveHead, archivePut } from './archive';

export function addContainerRoutes(r: Router, b: Backends, clock: { now(): number }): void {
  const c = (): ContainersBackend => need(b.containers, 'containers');
  const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));
  r.post('/containers/create', async (ctx) => {
    const body = await validBody<ContainerCreateRequest>(ctx, containerCreateBody);
    if (!body.Image) throw new EngineError('INVALID_ARGUMENT', 'Config cannot be empty in order to create a container');
    ctx.json(await c().create(body, ctx.query.get('name') || undefined), 201);
  });
  r.get('/containers/json', async (ctx) => {
    const q = ctx.query;
    const limit = queryInt(q, 'limit');
    ctx.json(await c().list({
      all: queryBool(q, 'all'), limit: limit !== undefined && limit > 0 ? limit : undefined,
      filters: parseFilters(q.get('filters')), size: queryBool(q, 'size'),
    }));
  });
  r.post('/containers/prune', async (ctx) => {
    const prune = c().prune;
    if (!prune) throw new EngineError('NOT_IMPLEMENTED', 'container prune is not available');
    ctx.json(await prune.call(b.containers, parseFilters(ctx.query.get('filters'))));
  });
  r.get('/containers/:id/json', async (ctx) => ctx.json(await c().inspect(ctx.param('id'))));
  r.post('/containers/:id/start', (ctx) => start(ctx, c()));
  r.post('/containers/:id/stop', (ctx) => stop(ctx, c()));
  r.post('/containers/:id/restart', async (ctx) => {
    await c().restart(ctx.param('id'), stopOptions(ctx));
    ctx.empty(204);
  });
  r.post('/containers/:id/kill', async (ctx) => {
    await c().kill(ctx.param('id'), ctx.query.get('signal') || undefined);
    ctx.empty(204);
  });
  r.post('/containers/:id/pause', async (ctx) => { await c().pause(ctx.param('id')); ctx.empty(204); });
  r.post('/containers/:id/unpause', async (ctx) => { await c().unpause(ctx.param('id')); ctx.empty(204); });
  r.post('/containers/:id/rename', async (ctx) => {
    const rename = c().rename;
    const name = ctx.query.get('name');
    if (!rename) throw new EngineError('NOT_IMPLEMENTED', 'rename is not available');
    if (!name) throw new EngineError('INVALID_ARGUMENT', 'name is required');
    await rename.call(b.containers, ctx.param('id'), name);
    ctx.empty(204);
  });
  r.delete('/containers/:id', async (ctx) => {
    await c().remove(ctx.param('id'), { force: queryBool(ctx.query, 'force'), volumes: queryBool(ctx.query, 'v') });
    ctx.empty(204);
  });
  r.post('/containers/:id/wait', (ctx) => wait(ctx, c()));
  r.post('/containers/:id/attach', (ctx) => attach(ctx, c()));
  r.get('/containers/:id/logs', (ctx) => logs(ctx, c(), () => clock.now()));
  r.get('/containers/:id/stats', (ctx) => stats(ctx, c(), sleep));
  r.get('/containers/:id/top', async (ctx) => ctx.json(await c().top(ctx.param('id'), ctx.query.get('ps_args') || undefined)));
  r.post('/containers/:id/resize', async (ctx) => {
    await c().resize?.(ctx.param('id'), queryInt(ctx.query, 'h') ?? 0, queryInt(ctx.query, 'w') ?? 0);
    ctx.empty(200);
  });
  r.head('/containers/:id/archive', (ctx) => archiveHead(ctx, c()));
  r.get('/containers/:id/archive', (ctx) => archiveGet(ctx, c()));
  r.put('/containers/:id/archive', (ctx) => archivePut(ctx, c()));
  r.delete('/containers/:id/archive', (ctx) => archiveDelete(ctx, c()));
}

function stopOptions(ctx: ApiContext): { timeout?: number; signal?: string } {
  return { timeout: queryInt(ctx.query, 't'), signal: ctx.query.get('signal') || undefined };
}

/** 304 when already running, as dockerd answers `start` of a started container. */
async function start(ctx: ApiContext, c: ContainersBackend): Promise<void> {
  const id = ctx.param('id');
  const before = await c.inspect(id);
  if (before.State.Running) { ctx.empty(304); return; }
  await c.start(id);
  ctx.empty(204);
}

/** 304 when not running, as dockerd answers `stop` of a stopped container. */
async function stop(ctx: ApiContext, c: ContainersBackend): Promise<void> {
  const id = ctx.param('id');
  const before = await c.inspect(id);
  if (!before.State.Running && !before.State.Restarting) { ctx.empty(304); return; }
  await c.stop(id, stopOptions(ctx));
  ctx.empty(204);
}

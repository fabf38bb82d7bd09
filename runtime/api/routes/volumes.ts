// Volume endpoints (api/server/router/volume in moby): create, list, inspect, remove, prune.
import type { Router } from '../http/router';
import { parseFilters, queryBool } from '../http/query';
import type { Backends, VolumesBackend } from '../backend';
import type { VolumeCreateRequest } from '../types';
import { need } from './need';
import { validBody, volumeCreateBody } from '../validate/index';

export function addVolumeRoutes(r: Router, b: Backends): void {
  const v = (): VolumesBackend => need(b.volumes, 'volumes');
  r.get('/volumes', async (ctx) => ctx.json(await v().list(parseFilters(ctx.query.get('filters')))));
  r.post('/volumes/create', async (ctx) => ctx.json(await v().create(await validBody<VolumeCreateRequest>(ctx, volumeCreateBody)), 201));
  r.post('/volumes/prune', async (ctx) => ctx.json(await v().prune(parseFilters(ctx.query.get('filters')))));
  r.get('/volumes/:name', async (ctx) => ctx.json(await v().inspect(ctx.param('name'))));
  r.delete('/volumes/:name', async (ctx) => { await v().remove(ctx.param('name'), queryBool(ctx.query, 'force')); ctx.empty(204); });
}

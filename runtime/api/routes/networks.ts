// Network endpoints (api/server/router/network in moby): create, list, inspect, remove, prune,
// connect, disconnect. docker-compose v1 reconnects a created container to set its aliases.
import type { Router } from '../http/router';
import { parseFilters } from '../http/query';
import type { Backends, NetworksBackend } from '../backend';
import type { NetworkConnectRequest, NetworkCreateRequest, NetworkDisconnectRequest } from '../types';
import { EngineError } from '../../errors';
import { need } from './need';
import { networkConnectBody, networkCreateBody, networkDisconnectBody, validBody } from '../validate/index';

export function addNetworkRoutes(r: Router, b: Backends): void {
  const n = (): NetworksBackend => need(b.networks, 'networks');
  r.get('/networks', async (ctx) => ctx.json(await n().list(parseFilters(ctx.query.get('filters')))));
  r.post('/networks/create', async (ctx) => {
    const body = await validBody<NetworkCreateRequest>(ctx, networkCreateBody);
    if (!body.Name) throw new EngineError('INVALID_ARGUMENT', 'network name is required');
    ctx.json(await n().create(body), 201);
  });
  r.post('/networks/prune', async (ctx) => {
    const names = await n().prune(parseFilters(ctx.query.get('filters')));
    ctx.json({ NetworksDeleted: names.length ? names : null });
  });
  r.get('/networks/:id', async (ctx) => ctx.json(await n().inspect(ctx.param('id'))));
  r.delete('/networks/:id', async (ctx) => { await n().remove(ctx.param('id')); ctx.empty(204); });
  r.post('/networks/:id/connect', async (ctx) => {
    const body = await validBody<NetworkConnectRequest>(ctx, networkConnectBody);
    if (!body.Container) throw new EngineError('INVALID_ARGUMENT', 'container is required');
    await n().connect(ctx.param('id'), body.Container, body.EndpointConfig ?? {});
    ctx.empty(200);
  });
  r.post('/networks/:id/disconnect', async (ctx) => {
    const body = await validBody<NetworkDisconnectRequest>(ctx, networkDisconnectBody);
    if (!body.Container) throw new EngineError('INVALID_ARGUMENT', 'container is required');
    await n().disconnect(ctx.param('id'), body.Container, body.Force === true);
    ctx.empty(200);
  });
}

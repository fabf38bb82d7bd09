// Exec endpoints: create on a container, start (hijacked unless detached), inspect, resize.
// The docker CLI reads `GET /exec/{id}/json` right after the stream closes to get the exit code,
// so the backend's session `done` must settle only once that code is recorded.
import type { Router } from '../http/router';
import { queryInt } from '../http/query';
import type { Backends, ContainersBackend } from '../backend';
import type { ExecCreateRequest, ExecStartRequest } from '../types';
import { EngineError } from '../../errors';
import { need } from './need';
import { execCreateBody, execStartBody, validBody } from '../validate/index';
import { pumpSession, streamContentType } from './stdio-pump';

export function addExecRoutes(r: Router, b: Backends): void {
  const c = (): ContainersBackend => need(b.containers, 'containers');
  r.post('/containers/:id/exec', async (ctx) => {
    const body = await validBody<ExecCreateRequest>(ctx, execCreateBody);
    if (!Array.isArray(body.Cmd) || body.Cmd.length === 0) throw new EngineError('INVALID_ARGUMENT', 'No exec command specified');
    ctx.json(await c().execCreate(ctx.param('id'), body), 201);
  });
  r.post('/exec/:id/start', async (ctx) => {
    const body = await validBody<ExecStartRequest>(ctx, execStartBody);
    const session = await c().execStart(ctx.param('id'), { detach: body.Detach === true, tty: body.Tty });
    if (body.Detach) { ctx.empty(200); return; }
    pumpSession(session, ctx.hijack(streamContentType(session.tty, ctx.apiVersion)));
  });
  r.get('/exec/:id/json', async (ctx) => ctx.json(await c().execInspect(ctx.param('id'))));
  r.post('/exec/:id/resize', async (ctx) => {
    await c().execResize?.(ctx.param('id'), queryInt(ctx.query, 'h') ?? 0, queryInt(ctx.query, 'w') ?? 0);
    ctx.empty(200);
  });
}

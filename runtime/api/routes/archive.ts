// /containers/{id}/archive: HEAD stats a path, GET streams a tar of it, PUT extracts a tar into a
// directory. The stat travels base64-encoded JSON in X-Docker-Container-Path-Stat, as in dockerd.
import { pipeline } from 'node:stream/promises';
import type { ApiContext } from '../http/context';
import { queryBool } from '../http/query';
import type { ContainersBackend } from '../backend';
import type { PathStat } from '../types';
import { EngineError } from '../../errors';

const STAT_HEADER = 'X-Docker-Container-Path-Stat';

function pathParam(ctx: ApiContext): string {
  const p = ctx.query.get('path');
  if (!p) throw new EngineError('INVALID_ARGUMENT', 'path is required');
  return p;
}

function encodeStat(s: PathStat): string {
  return Buffer.from(JSON.stringify(s)).toString('base64');
}

export async function archiveHead(ctx: ApiContext, c: ContainersBackend): Promise<void> {
  const stat = await c.archiveStat(ctx.param('id'), pathParam(ctx));
  ctx.send(200, { [STAT_HEADER]: encodeStat(stat) }, '');
}

export async function archiveGet(ctx: ApiContext, c: ContainersBackend): Promise<void> {
  const { stat, tar } = await c.archiveGet(ctx.param('id'), pathParam(ctx));
  const out = ctx.stream('application/x-tar', 200, { [STAT_HEADER]: encodeStat(stat) });
  // pipeline: paced by the client, and either side failing (the client gone) ends both.
  await pipeline(tar, out);
}

export async function archivePut(ctx: ApiContext, c: ContainersBackend): Promise<void> {
  await c.archivePut(ctx.param('id'), pathParam(ctx), ctx.req, { noOverwriteDirNonDir: queryBool(ctx.query, 'noOverwriteDirNonDir') });
  ctx.empty(200);
}

/** Berth's extension (Docker has none): 204 when removed, 404 when the path was not there. */
export async function archiveDelete(ctx: ApiContext, c: ContainersBackend): Promise<void> {
  const p = pathParam(ctx);
  if (!(await c.archiveDelete(ctx.param('id'), p))) throw new EngineError('NOT_FOUND', `Could not find the file ${p} in container`);
  ctx.empty(204);
}

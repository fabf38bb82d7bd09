// Registry endpoints (api/server/router/image and distribution in moby): pull through
// POST /images/create?fromImage=, POST /images/{name}/push, POST /auth and
// GET /distribution/{name}/json. Pull and push answer Docker's JSON progress stream; as dockerd,
// an error before the first progress line is a plain HTTP error, one after it is an
// `errorDetail` line on the 200 stream (the docker CLI and compose read both).
import type { Writable } from 'node:stream';
import type { Router } from '../http/router';
import type { ApiContext } from '../http/context';
import { writeJsonLine } from '../json-stream';
import type { Backends, DistributionBackend } from '../backend';
import type { JsonMessage } from '../types';
import { EngineError } from '../../errors';
import { need } from './need';
import { queryBool } from '../http/query';

export function addDistributionRoutes(r: Router, b: Backends): void {
  const dist = (): DistributionBackend => need(b.distribution, 'registry operations');
  r.post('/images/:name*/push', (ctx) => push(ctx, dist()));
  r.post('/auth', async (ctx) => {
    let body: unknown;
    try {
      body = JSON.parse((await ctx.body(64 * 1024)).toString('utf8'));
    } catch (err) {
      throw new EngineError('INVALID_ARGUMENT', 'auth body is not JSON', { cause: err });
    }
    try {
      ctx.json(await dist().auth(body));
    } catch (err) {
      // dockerd answers a refused login 401 with the registry's words.
      if (err instanceof EngineError && err.code === 'FAILED_PRECONDITION') return ctx.json({ message: err.message }, 401);
      throw err;
    }
  });
  r.get('/distribution/:name*/json', async (ctx) => ctx.json(await dist().inspect(ctx.param('name'), registryAuth(ctx))));
}

function registryAuth(ctx: ApiContext): string | undefined {
  const h = ctx.req.headers['x-registry-auth'];
  return Array.isArray(h) ? h[0] : h;
}

/**
 * POST /images/create?fromImage=NAME&tag=TAG&platform=P (tag may also be a digest), and
 * Berth's own allPlatforms=1 (every platform of an index stored; other clients never send it).
 */
export async function pullImage(ctx: ApiContext, dist: DistributionBackend): Promise<void> {
  const from = ctx.query.get('fromImage') ?? '';
  const tag = ctx.query.get('tag') ?? '';
  const ref = tag === '' ? from : tag.startsWith('sha256:') ? `${from}@${tag}` : `${from}:${tag}`;
  await progressStream(ctx, (on) => dist.pull(ref, { platform: ctx.query.get('platform') || undefined, allPlatforms: queryBool(ctx.query, 'allPlatforms'), auth: registryAuth(ctx) }, on));
}

/** POST /images/{name}/push?tag=&platform= (docker 28: JSON OCI platform; os/arch accepted too). */
async function push(ctx: ApiContext, dist: DistributionBackend): Promise<void> {
  const tag = ctx.query.get('tag') ?? '';
  const name = ctx.param('name');
  const platform = ctx.query.get('platform') || undefined;
  await progressStream(ctx, (on) => dist.push(tag === '' ? name : `${name}:${tag}`, { platform, auth: registryAuth(ctx) }, on));
}

async function progressStream(ctx: ApiContext, run: (on: (m: JsonMessage) => void) => Promise<void>): Promise<void> {
  let out: Writable | undefined;
  const on = (m: JsonMessage): void => {
    out ??= ctx.stream('application/json');
    writeJsonLine(out, m);
  };
  try {
    await run(on);
  } catch (err) {
    if (!out) throw err;
    const message = err instanceof Error ? err.message : String(err);
    writeJsonLine(out, { errorDetail: { message }, error: message } satisfies JsonMessage);
  }
  (out ?? ctx.stream('application/json')).end();
}

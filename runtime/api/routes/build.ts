// POST /build, as the Docker Engine API's classic builder defines it (api/server/router/build in
// moby): the body is the context tar, the query holds t, dockerfile, buildargs, labels, target,
// nocache, pull, networkmode, platform, shmsize...; the answer is the JSON message stream
// (`stream` lines, `aux` with the image id, `errorDetail` when it fails midway). An error before
// anything was written gets a real status instead. POST /build/prune forgets the build cache.
import type { Router } from '../http/router';
import type { ApiContext } from '../http/context';
import { queryBool } from '../http/query';
import { writeJsonLine } from '../json-stream';
import type { Backends, BuildBackend, BuildRequest } from '../backend';
import type { JsonMessage } from '../types';
import { EngineError } from '../../errors';
import { need } from './need';

export function addBuildRoutes(r: Router, b: Backends): void {
  const builder = (): BuildBackend => need(b.build, 'builds');
  r.post('/build', (ctx) => build(ctx, builder()));
  r.post('/build/prune', async (ctx) => {
    const n = await builder().prune();
    ctx.json({ CachesDeleted: n ? [] : null, SpaceReclaimed: 0 });
  });
}

function jsonQuery<T>(ctx: ApiContext, name: string, fallback: T): T {
  const raw = ctx.query.get(name);
  if (!raw) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch (err) {
    throw new EngineError('INVALID_ARGUMENT', `${name}: invalid JSON`, { cause: err });
  }
}

export function buildRequest(ctx: ApiContext): BuildRequest {
  if (ctx.query.get('version') === '2') throw new EngineError('NOT_IMPLEMENTED', 'BuildKit is not supported by this engine: use the classic builder (DOCKER_BUILDKIT=0)');
  if (ctx.query.get('remote')) throw new EngineError('NOT_IMPLEMENTED', 'remote build contexts are not supported: send the context as the request body');
  const shm = Number(ctx.query.get('shmsize') ?? 0);
  return {
    tags: ctx.query.getAll('t').filter(Boolean),
    dockerfile: ctx.query.get('dockerfile') || 'Dockerfile',
    buildArgs: jsonQuery(ctx, 'buildargs', {}),
    labels: jsonQuery(ctx, 'labels', {}),
    target: ctx.query.get('target') || undefined,
    noCache: queryBool(ctx.query, 'nocache'),
    pull: queryBool(ctx.query, 'pull'),
    networkMode: ctx.query.get('networkmode') || undefined,
    platform: ctx.query.get('platform') || undefined,
    shmSize: shm > 0 ? shm : undefined,
    secrets: jsonQuery(ctx, 'x-berth-secrets', undefined),
    contextDir: contextDir(ctx.query.get('x-berth-context')),
    dockerfileInline: ctx.query.get('x-berth-dockerfile') ?? undefined,
    namedContexts: namedContexts(jsonQuery<unknown>(ctx, 'x-berth-contexts', undefined)),
  };
}

/** `{name: {dir: "/abs"} | {image: "ref"}}`, checked: the builder trusts its shape. */
function namedContexts(v: unknown): BuildRequest['namedContexts'] {
  if (v === undefined) return undefined;
  const bad = (why: string): never => { throw new EngineError('INVALID_ARGUMENT', `x-berth-contexts: ${why}`); };
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad('an object of named contexts is needed');
  const out: NonNullable<BuildRequest['namedContexts']> = {};
  for (const [name, c] of Object.entries(v as Record<string, unknown>)) {
    const { dir, image } = (c ?? {}) as { dir?: unknown; image?: unknown };
    if (typeof dir === 'string' && dir.startsWith('/')) out[name.toLowerCase()] = { dir };
    else if (typeof image === 'string' && image) out[name.toLowerCase()] = { image };
    else bad(`${name}: {"dir": "/absolute/path"} or {"image": "reference"} is needed`);
  }
  return out;
}

/** An absolute folder (the client and the engine share the machine); the builder scopes every read to it. */
function contextDir(v: string | null): string | undefined {
  if (!v) return undefined;
  if (!v.startsWith('/')) throw new EngineError('INVALID_ARGUMENT', `x-berth-context must be an absolute path: ${v}`);
  return v;
}

async function build(ctx: ApiContext, builder: BuildBackend): Promise<void> {
  const req = buildRequest(ctx);
  const quiet = queryBool(ctx.query, 'q');
  let out: ReturnType<ApiContext['stream']> | undefined;
  const write = (msg: JsonMessage): void => {
    out ??= ctx.stream('application/json');
    writeJsonLine(out, msg);
  };
  try {
    const id = await builder.build(ctx.req, req, (msg) => {
      if (quiet && 'stream' in msg) return;
      write(msg);
    });
    // As dockerd's build route: with -q the output is the image ID alone (the CLI prints it).
    if (quiet) write({ stream: `${id}\n` });
  } catch (err) {
    if (!out) throw err;
    const message = (err as Error).message;
    write({ errorDetail: { message, ...(typeof (err as { exitCode?: number }).exitCode === 'number' ? { code: (err as { exitCode: number }).exitCode } : {}) }, error: message });
  }
  out?.end();
}

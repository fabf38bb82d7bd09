// Streaming container endpoints: attach (hijacked), logs, wait, stats.
import type { ApiContext } from '../http/context';
import { queryBool, queryInt } from '../http/query';
import { writeJsonLine } from '../json-stream';
import { writePaced } from '../http/backpressure';
import type { ContainersBackend } from '../backend';
import type { ContainerStats, WaitCondition } from '../types';
import { EngineError } from '../../errors';
import { frame, STDERR, STDOUT } from '../stdcopy';
import { parseTime } from './events';
import { pumpSession, streamContentType } from './stdio-pump';

export async function attach(ctx: ApiContext, c: ContainersBackend): Promise<void> {
  const q = ctx.query;
  await ctx.discardBody();
  const session = await c.attach(ctx.param('id'), {
    stdin: queryBool(q, 'stdin'), stdout: queryBool(q, 'stdout'), stderr: queryBool(q, 'stderr'),
    logs: queryBool(q, 'logs'), stream: queryBool(q, 'stream'),
  });
  pumpSession(session, ctx.hijack(streamContentType(session.tty, ctx.apiVersion)));
}

const CONDITIONS = new Set<WaitCondition>(['not-running', 'next-exit', 'removed']);

/** Headers go out as soon as the waiter is registered: the docker CLI starts the container then. */
export async function wait(ctx: ApiContext, c: ContainersBackend): Promise<void> {
  const condition = (ctx.query.get('condition') || 'not-running') as WaitCondition;
  if (!CONDITIONS.has(condition)) throw new EngineError('INVALID_ARGUMENT', `invalid condition: "${condition}"`);
  const { result } = await c.wait(ctx.param('id'), condition);
  const out = ctx.stream('application/json');
  try {
    out.end(JSON.stringify(await result) + '\n');
  } catch (err) {
    out.end(JSON.stringify({ StatusCode: -1, Error: { Message: (err as Error).message } }) + '\n');
  }
}

export async function logs(ctx: ApiContext, c: ContainersBackend, now: () => number): Promise<void> {
  const q = ctx.query;
  const tailRaw = q.get('tail');
  const opts = {
    follow: queryBool(q, 'follow'), stdout: queryBool(q, 'stdout'), stderr: queryBool(q, 'stderr'),
    since: secondsOf(parseTime(q.get('since'), now)), until: secondsOf(parseTime(q.get('until'), now)),
    tail: !tailRaw || tailRaw === 'all' ? undefined : queryInt(q, 'tail'),
  };
  if (!opts.stdout && !opts.stderr) throw new EngineError('INVALID_ARGUMENT', 'Bad parameters: you must choose at least one stream');
  const abort = new AbortController();
  const { tty, entries } = await c.logs(ctx.param('id'), opts, abort.signal);
  const timestamps = queryBool(q, 'timestamps');
  const out = ctx.stream(streamContentType(tty, ctx.apiVersion));
  ctx.onClose(() => abort.abort());
  out.on('error', () => abort.abort());
  for await (const e of entries) {
    const data = timestamps ? Buffer.concat([Buffer.from(`${e.time} `), e.data]) : e.data;
    if (!(await writePaced(out, tty ? data : frame(e.stream === 'stderr' ? STDERR : STDOUT, data))) || abort.signal.aborted) break;
  }
  out.end();
}

function secondsOf(nanos: number | undefined): number | undefined {
  return nanos === undefined ? undefined : nanos / 1e9;
}

/** One sample per second while streaming; each carries the previous one's CPU as precpu_stats. */
export async function stats(ctx: ApiContext, c: ContainersBackend, sleep: (ms: number) => Promise<void>): Promise<void> {
  const id = ctx.param('id');
  const stream = queryBool(ctx.query, 'stream', true);
  const oneShot = queryBool(ctx.query, 'one-shot');
  let prev: ContainerStats | undefined = await c.stats(id);
  if (!stream && oneShot) { ctx.json(prev); return; }
  let closed = false;
  ctx.onClose(() => { closed = true; });
  const out = ctx.stream('application/json');
  for (;;) {
    await sleep(1000);
    if (closed) break;
    let cur: ContainerStats;
    try { cur = await c.stats(id); } catch { break; }
    const sample = { ...cur, preread: prev.read, precpu_stats: prev.cpu_stats };
    writeJsonLine(out, sample);
    prev = cur;
    if (!stream) break;
  }
  out.end();
}

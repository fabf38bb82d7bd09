// `logs` (compose logs.go): every container of the project, prefixed; with `follow`, containers
// that appear later (scale up, recreate, restart) are picked up as they show, by polling the
// project's container list, as compose does with its event watch.
import type { Writable } from 'node:stream';
import type { ContainerSummary } from '../../runtime/api/types';
import { demuxStream, rawStream } from '../engine/demux';
import { LABEL } from '../observe/labels';
import type { ComposeSession } from './session';
import { LogPrefixer, logName } from './log-prefix';

const LABEL_KEYS = { project: LABEL.project, service: LABEL.service, number: LABEL.containerNumber };

/** Containers in the order they started (never started ones last), ties by name. */
async function byStart<T extends { c: ContainerSummary; name: string }>(s: ComposeSession, items: T[]): Promise<T[]> {
  const started = await Promise.all(items.map((i) => s.engine.inspectContainer(i.c.Id).then((x) => Date.parse(x.State.StartedAt ?? ''), () => NaN)));
  // a never-started container reports 0001-01-01 (Go's zero time): negative, like no time at all
  const at = (i: number): number => (Number.isNaN(started[i]!) || started[i]! < 0 ? Infinity : started[i]!);
  return items.map((item, i) => ({ item, t: at(i) })).sort((a, b) => (a.t === b.t ? a.item.name.localeCompare(b.item.name) : a.t < b.t ? -1 : 1)).map((x) => x.item);
}

export interface LogsRequest {
  services: string[];
  follow: boolean;
  tail?: string;
  since?: string;
  until?: string;
  timestamps: boolean;
  color: boolean;
  prefix: boolean;
  out: Writable;
  err: Writable;
  /** Stops following (Ctrl-C, or the foreground `up` ending). */
  signal?: AbortSignal;
  /** Container discovery period when following (default 500 ms). */
  pollMs?: number;
}

export async function streamLogs(s: ComposeSession, project: string, req: LogsRequest): Promise<void> {
  const prefixer = new LogPrefixer(req.color, req.prefix);
  const seen = new Set<string>();
  // A followed container whose stream ended (it stopped) is followed again once it runs again
  // (restart, watch's sync+restart: compose loses those lines, docker/compose#11773), from the
  // moment its stream ended, so nothing is printed twice and nothing is lost.
  const ended = new Map<string, string>();
  const streams: Array<Promise<void>> = [];
  const discover = async (tail: string | undefined): Promise<void> => {
    const list = await s.engine.listContainers([`${LABEL.project}=${project}`, `${LABEL.oneOff}=False`]);
    const fresh = list.filter((c) => !seen.has(c.Id) && (!ended.has(c.Id) || c.State === 'running') && (req.services.length === 0 || req.services.includes(c.Labels?.[LABEL.service] ?? '')))
      .sort((a, b) => (a.Names?.[0] ?? '').localeCompare(b.Names?.[0] ?? ''));
    const named = fresh.map((c) => ({ c, name: logName((c.Names?.[0] ?? c.Id).replace(/^\//, ''), c.Labels, LABEL_KEYS) }));
    for (const { c, name } of named) { seen.add(c.Id); prefixer.add(name); }
    for (const { c, name } of await byStart(s, named)) {
      const since = ended.get(c.Id);
      const stream = follow(s, c.Id, name, c.Labels?.[LABEL.service] ?? '', prefixer, since === undefined ? req : { ...req, since }, since === undefined ? tail : undefined)
        .then(() => { if (req.follow && !req.signal?.aborted) { seen.delete(c.Id); ended.set(c.Id, (Date.now() / 1000).toFixed(6)); } });
      // a container that already ended is read to its end before the next one: its lines come first, as
      // compose, attached before each start, would have printed them
      if (c.State === 'exited' || c.State === 'dead') await stream.catch(() => undefined);
      streams.push(stream);
    }
  };
  await discover(req.tail);
  if (req.follow) {
    while (!req.signal?.aborted) {
      await s.sleep(req.pollMs ?? 500, req.signal).catch(() => undefined);
      if (!req.signal?.aborted) await discover('all');
    }
  }
  await Promise.allSettled(streams);
}

async function follow(s: ComposeSession, id: string, name: string, service: string, p: LogPrefixer, req: LogsRequest, tail: string | undefined): Promise<void> {
  try {
    const { stream, multiplexed } = await s.client.getContainer(id).logs({
      follow: req.follow, stdout: true, stderr: true, tail, since: req.since, until: req.until, timestamps: req.timestamps,
    }, req.signal);
    const out = p.lineWriter(service, name, req.out);
    const err = p.lineWriter(service, name, req.err);
    await (multiplexed ? demuxStream(stream, out, err) : rawStream(stream, out));
    out.end();
    err.end();
  } catch (e) {
    if (!req.signal?.aborted && (e as { code?: string }).code !== 'NOT_FOUND') throw e;
  }
}

// `logs` (compose logs.go): every container of the project, prefixed; with `follow`, containers
// that appear later (scale up, recreate, restart) are picked up as they show, by polling the
// project's container list, as compose does with its event watch.
import type { Writable } from 'node:stream';
import { demuxStream, rawStream } from '../engine/demux';
import { LABEL } from '../observe/labels';
import type { ComposeSession } from './session';
import { LogPrefixer } from './log-prefix';

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
  const streams: Array<Promise<void>> = [];
  const discover = async (tail: string | undefined): Promise<void> => {
    const list = await s.engine.listContainers([`${LABEL.project}=${project}`, `${LABEL.oneOff}=False`]);
    const fresh = list.filter((c) => !seen.has(c.Id) && (req.services.length === 0 || req.services.includes(c.Labels?.[LABEL.service] ?? '')))
      .sort((a, b) => (a.Names?.[0] ?? '').localeCompare(b.Names?.[0] ?? ''));
    for (const c of fresh) { seen.add(c.Id); prefixer.add((c.Names?.[0] ?? c.Id).replace(/^\//, '')); }
    for (const c of fresh) streams.push(follow(s, c.Id, (c.Names?.[0] ?? c.Id).replace(/^\//, ''), c.Labels?.[LABEL.service] ?? '', prefixer, req, tail));
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

// One container by name, id or unique id prefix (dockerode's `Container`).
import type { Readable } from 'node:stream';
import type { AttachedStream } from './attached';
import type {
  ContainerInspect, ContainerStats, ContainerTopResponse, ContainerWaitResponse, PathStat, WaitCondition, ExecCreateRequest,
} from '../../runtime/api/types';
import { readText, type Transport } from './transport';
import { ExecHandle } from './exec';
import { isMultiplexed } from './demux';

export class ContainerHandle {
  constructor(private readonly t: Transport, readonly id: string) {}

  private path(suffix = ''): string {
    return `/containers/${encodeURIComponent(this.id)}${suffix}`;
  }

  inspect(opts: { size?: boolean } = {}): Promise<ContainerInspect> {
    return this.t.json({ method: 'GET', path: this.path('/json'), query: { size: opts.size } });
  }

  private async post(suffix: string, query?: Record<string, string | number | boolean | undefined>): Promise<number> {
    const res = await this.t.request({ method: 'POST', path: this.path(suffix), query });
    res.resume();
    return res.statusCode ?? 0;
  }

  /** Resolves true when started, false when it was already running (304). */
  async start(): Promise<boolean> {
    return (await this.post('/start')) !== 304;
  }

  /** Resolves true when stopped, false when it was not running (304). */
  async stop(opts: { t?: number; signal?: string } = {}): Promise<boolean> {
    return (await this.post('/stop', opts)) !== 304;
  }

  async restart(opts: { t?: number; signal?: string } = {}): Promise<void> { await this.post('/restart', opts); }
  async kill(signal?: string): Promise<void> { await this.post('/kill', { signal }); }
  async pause(): Promise<void> { await this.post('/pause'); }
  async unpause(): Promise<void> { await this.post('/unpause'); }
  async rename(name: string): Promise<void> { await this.post('/rename', { name }); }
  async resize(h: number, w: number): Promise<void> { await this.post('/resize', { h, w }); }

  async remove(opts: { force?: boolean; v?: boolean } = {}): Promise<void> {
    const res = await this.t.request({ method: 'DELETE', path: this.path(), query: opts });
    res.resume();
  }

  /**
   * Registers a wait: resolves once the engine accepted it (headers received: from then on the
   * condition counts), with `result` resolving when the condition is met.
   */
  async wait(condition: WaitCondition = 'not-running'): Promise<{ result: Promise<ContainerWaitResponse> }> {
    const res = await this.t.request({ method: 'POST', path: this.path('/wait'), query: { condition } });
    return { result: readText(res).then((text) => JSON.parse(text) as ContainerWaitResponse) };
  }

  async attach(opts: { stdin?: boolean; stdout?: boolean; stderr?: boolean; stream?: boolean; logs?: boolean }): Promise<AttachedStream> {
    const { socket, contentType } = await this.t.hijack({ method: 'POST', path: this.path('/attach'), query: { stream: true, ...opts } });
    return { socket, multiplexed: isMultiplexed(contentType) };
  }

  async logs(opts: { follow?: boolean; stdout?: boolean; stderr?: boolean; since?: string; until?: string; timestamps?: boolean; tail?: string }, signal?: AbortSignal): Promise<{ stream: Readable; multiplexed: boolean }> {
    const res = await this.t.request({ method: 'GET', path: this.path('/logs'), query: opts, signal });
    return { stream: res, multiplexed: isMultiplexed(String(res.headers['content-type'] ?? '')) };
  }

  top(psArgs?: string): Promise<ContainerTopResponse> {
    return this.t.json({ method: 'GET', path: this.path('/top'), query: { ps_args: psArgs } });
  }

  /** One stats sample (`stream=false`); with `oneShot` it skips the second sample for precpu. */
  stats(opts: { oneShot?: boolean } = {}): Promise<ContainerStats> {
    return this.t.json({ method: 'GET', path: this.path('/stats'), query: { stream: false, 'one-shot': opts.oneShot } });
  }

  /** The live stats stream: one JSON document per line. */
  async statsStream(signal?: AbortSignal): Promise<Readable> {
    return this.t.request({ method: 'GET', path: this.path('/stats'), query: { stream: true }, signal });
  }

  async getArchive(path: string): Promise<{ stat: PathStat; stream: Readable }> {
    const res = await this.t.request({ method: 'GET', path: this.path('/archive'), query: { path } });
    const raw = String(res.headers['x-docker-container-path-stat'] ?? '');
    const stat = raw ? (JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as PathStat) : { name: '', size: 0, mode: 0, mtime: '', linkTarget: '' };
    return { stat, stream: res };
  }

  async putArchive(path: string, tar: Readable, opts: { noOverwriteDirNonDir?: boolean } = {}): Promise<void> {
    const res = await this.t.request({ method: 'PUT', path: this.path('/archive'), query: { path, ...opts }, body: tar });
    res.resume();
  }

  /**
   * Berth's `DELETE /containers/{id}/archive?path=` (watch's deletions). 'unsupported' when the
   * engine has no such call (Docker answers 404 "page not found" or 405): the caller falls back.
   */
  async removePath(path: string): Promise<'removed' | 'absent' | 'unsupported'> {
    try {
      const res = await this.t.request({ method: 'DELETE', path: this.path('/archive'), query: { path } });
      res.resume();
      return 'removed';
    } catch (err) {
      const e = err as { code?: string; message?: string };
      if (e.code === 'NOT_FOUND' && /Could not find the file/.test(e.message ?? '')) return 'absent';
      if (/no such container/i.test(e.message ?? '')) throw err;
      if (e.code === 'NOT_FOUND' || /405|not allowed|page not found/i.test(e.message ?? '')) return 'unsupported';
      throw err;
    }
  }

  async exec(body: ExecCreateRequest): Promise<ExecHandle> {
    const { Id } = await this.t.json<{ Id: string }>({ method: 'POST', path: this.path('/exec'), body });
    return new ExecHandle(this.t, Id);
  }
}

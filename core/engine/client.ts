// The engine client: a typed, dockerode-shaped API over berthd's socket (or any engine speaking the
// Docker API). `new EngineClient(socketPath)`; `client.getContainer(id).start()`, etc.
//
//   const c = new EngineClient('/run/berth/berth.sock');
//   await c.ping();
//   const { Id } = await c.createContainer({ Image: 'bb:latest', Cmd: ['true'] });
//   await c.getContainer(Id).start();
import type { Readable, Writable } from 'node:stream';
import type {
  ContainerCreateRequest, ContainerCreateResponse, ContainerSummary, EventMessage, ImageSummary,
  InfoResponse, JsonMessage, VersionResponse, ContainerPruneResponse,
} from '../../runtime/api/types';
import { Transport, readText, type EngineStarter } from './transport';
import { ContainerHandle } from './container';
import { ImageHandle } from './image';
import { ExecHandle } from './exec';
import { CoreError } from '../errors';

export type FilterMap = Record<string, string[]>;

export class EngineClient {
  readonly transport: Transport;

  /** `startEngine`: see Transport (ensureEngine passes one; a plain client never starts anything). */
  constructor(readonly socketPath: string, startEngine?: EngineStarter) {
    this.transport = new Transport(socketPath, startEngine);
  }

  close(): void {
    this.transport.close();
  }

  /** `GET /_ping`: resolves with the engine's API version header. */
  async ping(signal?: AbortSignal): Promise<{ apiVersion: string }> {
    const res = await this.transport.request({ method: 'GET', path: '/_ping', signal });
    const body = await readText(res);
    if (body !== 'OK') throw new CoreError('UNAVAILABLE', `unexpected _ping answer: ${body.slice(0, 80)}`);
    return { apiVersion: String(res.headers['api-version'] ?? '') };
  }

  version(): Promise<VersionResponse> {
    return this.transport.json({ method: 'GET', path: '/version' });
  }

  info(): Promise<InfoResponse> {
    return this.transport.json({ method: 'GET', path: '/info' });
  }

  /** Streams events to `onEvent` until `signal` aborts or `until` passes. */
  async events(opts: { since?: string; until?: string; filters?: FilterMap; signal?: AbortSignal }, onEvent: (e: EventMessage) => void): Promise<void> {
    const res = await this.transport.request({
      method: 'GET', path: '/events', signal: opts.signal,
      query: { since: opts.since, until: opts.until, filters: opts.filters && JSON.stringify(opts.filters) },
    });
    await forEachJsonLine<EventMessage>(res, onEvent).catch((err: Error) => {
      if (!opts.signal?.aborted) throw err;
    });
  }

  // ---- containers

  createContainer(body: ContainerCreateRequest, name?: string): Promise<ContainerCreateResponse> {
    return this.transport.json({ method: 'POST', path: '/containers/create', query: { name }, body });
  }

  listContainers(opts: { all?: boolean; limit?: number; size?: boolean; filters?: FilterMap } = {}): Promise<ContainerSummary[]> {
    return this.transport.json({
      method: 'GET', path: '/containers/json',
      query: { all: opts.all, limit: opts.limit, size: opts.size, filters: opts.filters && JSON.stringify(opts.filters) },
    });
  }

  pruneContainers(filters?: FilterMap): Promise<ContainerPruneResponse> {
    return this.transport.json({ method: 'POST', path: '/containers/prune', query: { filters: filters && JSON.stringify(filters) } });
  }

  getContainer(id: string): ContainerHandle {
    return new ContainerHandle(this.transport, id);
  }

  getExec(id: string): ExecHandle {
    return new ExecHandle(this.transport, id);
  }

  // ---- images

  listImages(opts: { all?: boolean; filters?: FilterMap } = {}): Promise<ImageSummary[]> {
    return this.transport.json({ method: 'GET', path: '/images/json', query: { all: opts.all, filters: opts.filters && JSON.stringify(opts.filters) } });
  }

  getImage(name: string): ImageHandle {
    return new ImageHandle(this.transport, name);
  }

  /** `POST /images/load`: returns the progress messages (errors inside the stream are thrown). */
  async loadImage(tar: Readable, quiet = true): Promise<JsonMessage[]> {
    const res = await this.transport.request({ method: 'POST', path: '/images/load', query: { quiet }, body: tar });
    return collectMessages(res);
  }

  /** `POST /images/create?fromSrc=-`: imports a rootfs tarball; returns the messages. */
  async importImage(tar: Readable, opts: { repo?: string; tag?: string; message?: string; changes?: string[] } = {}): Promise<JsonMessage[]> {
    const res = await this.transport.request({
      method: 'POST', path: '/images/create', body: tar,
      query: { fromSrc: '-', repo: opts.repo, tag: opts.tag, message: opts.message, changes: opts.changes },
    });
    return collectMessages(res);
  }

  /** `GET /images/get?names=...`: a docker-archive of the images, written to `out`. */
  async saveImages(names: string[], out: Writable): Promise<void> {
    const res = await this.transport.request({ method: 'GET', path: '/images/get', query: { names } });
    await new Promise<void>((resolve, reject) => {
      res.once('error', reject);
      out.once('error', reject);
      out.once('finish', resolve);
      res.pipe(out);
    });
  }

  pruneImages(filters?: FilterMap): Promise<{ ImagesDeleted: Array<{ Untagged?: string; Deleted?: string }> | null; SpaceReclaimed: number }> {
    return this.transport.json({ method: 'POST', path: '/images/prune', query: { filters: filters && JSON.stringify(filters) } });
  }
}

export async function forEachJsonLine<T>(src: Readable, fn: (v: T) => void): Promise<void> {
  let buf = '';
  for await (const chunk of src) {
    buf += (chunk as Buffer).toString('utf8');
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (line) fn(JSON.parse(line) as T);
    }
  }
  if (buf.trim()) fn(JSON.parse(buf) as T);
}

async function collectMessages(res: Readable): Promise<JsonMessage[]> {
  const out: JsonMessage[] = [];
  await forEachJsonLine<JsonMessage>(res, (m) => {
    if (m.error || m.errorDetail) throw new CoreError('INTERNAL', m.errorDetail?.message ?? m.error ?? 'engine error');
    out.push(m);
  });
  return out;
}

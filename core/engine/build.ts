// `POST /build` (the classic builder's API): the context tar as the body, the options as the
// query, the answer read as the JSON message stream. `stream` text goes to `onOutput`; the image
// id comes from the `aux` message; an `errorDetail` becomes a CoreError carrying its message.
import type { Readable } from 'node:stream';
import type { JsonMessage } from '../../runtime/api/types';
import { CoreError } from '../errors';
import { forEachJsonLine } from './client';
import type { Transport } from './transport';

export interface BuildQuery {
  tags: string[];
  dockerfile?: string;
  buildArgs?: Record<string, string | null>;
  labels?: Record<string, string>;
  target?: string;
  noCache?: boolean;
  pull?: boolean;
  networkMode?: string;
  shmSize?: number;
  platform?: string;
  extraHosts?: string[];
  /** RUN --mount=type=secret sources (id → file on the engine's machine); Berth's own parameter. */
  secrets?: Record<string, string>;
  /** Berth's own: the context folder read in place by an engine on this machine (no body sent). */
  contextDir?: string;
  /** Berth's own: the Dockerfile's text, for a context read in place whose Dockerfile is elsewhere or inline. */
  dockerfileInline?: string;
  /** Berth's own: named contexts (compose's additional_contexts), a folder on the engine's machine or an image. */
  namedContexts?: Record<string, { dir: string } | { image: string }>;
}

export async function buildImage(t: Transport, context: Readable | undefined, q: BuildQuery, onOutput: (text: string) => void): Promise<string> {
  const res = await t.request({
    method: 'POST', path: '/build', body: context, headers: { 'Content-Type': 'application/x-tar' },
    query: {
      t: q.tags, dockerfile: q.dockerfile, buildargs: q.buildArgs && JSON.stringify(q.buildArgs),
      labels: q.labels && JSON.stringify(q.labels), target: q.target, nocache: q.noCache, pull: q.pull,
      networkmode: q.networkMode, shmsize: q.shmSize, platform: q.platform,
      extrahosts: q.extraHosts?.length ? q.extraHosts.join(',') : undefined, rm: true,
      'x-berth-secrets': q.secrets && Object.keys(q.secrets).length ? JSON.stringify(q.secrets) : undefined,
      'x-berth-context': q.contextDir,
      'x-berth-dockerfile': q.dockerfileInline,
      'x-berth-contexts': q.namedContexts && Object.keys(q.namedContexts).length ? JSON.stringify(q.namedContexts) : undefined,
    },
  });
  let id: string | undefined;
  await forEachJsonLine<JsonMessage>(res, (m) => {
    if (m.errorDetail || m.error) throw new CoreError('FAILED_PRECONDITION', m.errorDetail?.message ?? m.error ?? 'build failed');
    if (typeof m.aux?.ID === 'string') id = m.aux.ID;
    if (m.stream) onOutput(m.stream);
  });
  if (!id) throw new CoreError('INTERNAL', 'the engine ended the build without an image id');
  return id;
}

/** `POST /build/prune`: forgets the engine's build cache. */
export function pruneBuildCache(t: Transport): Promise<{ CachesDeleted: string[] | null; SpaceReclaimed: number }> {
  return t.json({ method: 'POST', path: '/build/prune' });
}

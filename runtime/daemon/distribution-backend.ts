// The distribution service as the API's DistributionBackend: X-Registry-Auth decoded, progress
// events turned into dockerd's JSON messages (with the text bar the docker CLI prints when it
// is not on a terminal), and the image events dockerd emits (pull, push).
import type { DistributionBackend } from '../api/backend';
import type { JsonMessage } from '../api/types';
import type { EventBus } from '../events/index';
import { credentialsFromJson, decodeRegistryAuth, type DistributionService, type ProgressEvent } from '../distribution/index';
import { familiarName, normalizeName } from '../images/index';

export function distributionBackend(dist: DistributionService, events: EventBus): DistributionBackend {
  const emit = (action: string, id: string, name: string): void => {
    events.publish({ Type: 'image', Action: action, Actor: { ID: id, Attributes: { name } } });
  };
  return {
    pull: async (ref, opts, on) => {
      const res = await dist.pull(ref, { platform: opts.platform, allPlatforms: opts.allPlatforms, creds: decodeRegistryAuth(opts.auth), onProgress: (e) => on(toMessage(e)) });
      emit('pull', res.id, familiarName(res.name));
    },
    push: async (ref, opts, on) => {
      const res = await dist.push(ref, { platform: opts.platform, creds: decodeRegistryAuth(opts.auth), onProgress: (e) => on(toMessage(e)) });
      emit('push', res.digest, familiarName(normalizeName(ref)));
    },
    auth: async (body) => {
      const r = await dist.login(credentialsFromJson(body));
      return r.identityToken ? { Status: r.status, IdentityToken: r.identityToken } : { Status: r.status };
    },
    inspect: (ref, auth) => dist.inspect(ref, decodeRegistryAuth(auth)),
  };
}

export function toMessage(e: ProgressEvent): JsonMessage {
  const m: JsonMessage = { status: e.status };
  if (e.id !== undefined) m.id = e.id;
  if (e.progress) {
    m.progressDetail = { current: e.progress.current, total: e.progress.total };
    m.progress = progressBar(e.progress.current, e.progress.total);
  }
  if (e.aux) {
    delete m.status;
    m.aux = e.aux;
  }
  return m;
}

/** dockerd's pkg/jsonmessage bar: [=====>      ]  1.2MB/3.4MB */
function progressBar(current: number, total: number): string {
  const width = 50;
  const filled = total > 0 ? Math.min(width, Math.floor((current / total) * width)) : 0;
  const bar = '='.repeat(Math.max(0, filled - 1)) + (filled > 0 ? '>' : '') + ' '.repeat(width - filled);
  return `[${bar}] ${human(current)}/${human(total)}`;
}

function human(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return `${i === 0 ? v : v.toFixed(1)}${units[i]}`;
}

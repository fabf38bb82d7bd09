// configs and secrets as ConfigMaps and Secrets, each mounted as one file at its compose target
// (a subPath mount) with its mode. The content comes from the file, the inline `content`, or the
// variable that `environment` names, as compose reads them.
import type { FileObjectConfig } from '../spec/model/project';
import { dataKey, dnsLabel } from './names';
import type { ProjectScope, ServiceScope } from './scope';
import type { KubeObject } from './types';

type Kind = 'configs' | 'secrets';

/** A ConfigMap per top-level config and a Secret per secret that an enabled service uses. */
export function fileObjects(p: ProjectScope): KubeObject[] {
  const out: KubeObject[] = [];
  for (const kind of ['configs', 'secrets'] as const) {
    for (const [key, def] of Object.entries(p.project[kind] ?? {})) {
      if (!usedBy(p, kind, key)) continue;
      const obj = fileObject(p, kind, key, def);
      if (obj) out.push(obj);
    }
  }
  return out;
}

function usedBy(p: ProjectScope, kind: Kind, key: string): boolean {
  return Object.values(p.project.services).some((svc) => (svc[kind] ?? []).some((r) => r.source === key));
}

function fileObject(p: ProjectScope, kind: Kind, key: string, def: FileObjectConfig): KubeObject | undefined {
  const path = [kind, key];
  const objectKind = kind === 'configs' ? 'ConfigMap' : 'Secret';
  if (def.external) {
    p.report.changed([...path, 'external'], `not created: a ${objectKind} named ${dnsLabel(def.name ?? key)} with the key ${dataKey(key)} must exist in the namespace`);
    return undefined;
  }
  const content = contentOf(p, def);
  if (content === undefined) {
    p.report.dropped(path, `no content (file ${def.file ?? '?'} not readable)`);
    return undefined;
  }
  const data = { [dataKey(key)]: content };
  // stringData: the API server encodes it, so the manifest stays readable and the converter pure.
  return kind === 'configs'
    ? p.object('v1', 'ConfigMap', dnsLabel(key), { data })
    : p.object('v1', 'Secret', dnsLabel(key), { type: 'Opaque', stringData: data });
}

function contentOf(p: ProjectScope, def: FileObjectConfig): string | undefined {
  if (def.content !== undefined) return def.content;
  if (def.environment !== undefined) return p.project.meta.environment[def.environment] ?? '';
  if (def.file !== undefined) return p.host.readFile(def.file);
  return undefined;
}

export interface FileMounts {
  volumes: Array<Record<string, unknown>>;
  mounts: Array<Record<string, unknown>>;
}

/** The service's configs and secrets as volumes, each mounted as one file at its target. */
export function fileMounts(s: ServiceScope): FileMounts {
  const out: FileMounts = { volumes: [], mounts: [] };
  for (const kind of ['configs', 'secrets'] as const) {
    (s.svc[kind] ?? []).forEach((ref, i) => {
      const def = s.project[kind]?.[ref.source];
      const objectName = dnsLabel(def?.external ? (def.name ?? ref.source) : ref.source);
      const key = dataKey(ref.source);
      const name = `${kind === 'configs' ? 'config' : 'secret'}-${i}`;
      const item = { key, path: key, ...(ref.mode !== undefined ? { mode: ref.mode } : {}) };
      out.volumes.push(kind === 'configs'
        ? { name, configMap: { name: objectName, items: [item] } }
        : { name, secret: { secretName: objectName, items: [item] } });
      out.mounts.push({ name, mountPath: target(kind, ref.source, ref.target), subPath: key, readOnly: true });
      if (ref.uid !== undefined || ref.gid !== undefined) {
        s.report.dropped([...s.path, kind, i], 'uid/gid: a mounted file belongs to root (or the pod\'s fsGroup)');
      }
    });
  }
  return out;
}

/** As compose: a config at /<name>, a secret at /run/secrets/<name>; a relative secret target under /run/secrets. */
function target(kind: Kind, source: string, t: string | undefined): string {
  if (kind === 'configs') return t ?? `/${source}`;
  if (t === undefined) return `/run/secrets/${source}`;
  return t.startsWith('/') ? t : `/run/secrets/${t}`;
}

// Top-level secrets/configs: one source each; external resources carry no definition; an
// external volume declares nothing but its name (compose-go validation/external.go, checked
// always, --no-consistency or not).
import type { Obj } from '../normalize/mappings';
import type { Problem } from './references';

/** As compose-go's checkFileObject: exactly one source, unless external or a driver provides it. */
export function checkFileObjects(project: Obj): Problem[] {
  const out: Problem[] = [];
  for (const kind of ['secrets', 'configs'] as const) {
    const keys = kind === 'secrets' ? ['file', 'environment'] : ['file', 'environment', 'content'];
    for (const [key, r] of Object.entries((project[kind] ?? {}) as Record<string, Obj>)) {
      // `content` filled from `environment` by normalisation is not a second source.
      const sources = keys.filter((k) => r[k] !== undefined && !(k === 'content' && r.environment !== undefined));
      if (sources.length > 1) out.push({ message: `${kind}.${key}: ${keys.join('|')} attributes are mutually exclusive`, path: [kind, key] });
      if (sources.length === 0 && r.external === undefined && r.driver === undefined) out.push({ message: `${kind}.${key}: one of ${keys.join('|')} must be set`, path: [kind, key] });
      if (r.external && sources.length > 0) out.push({ message: `${kind}.${key}: external ${kind.slice(0, -1)} cannot also declare ${sources[0]}`, path: [kind, key] });
    }
  }
  return out;
}

/** `external: true` with `driver`, `driver_opts` or `labels` on a volume: compose-go's checkExternal. */
export function checkExternalVolumes(project: Obj): Problem[] {
  const out: Problem[] = [];
  for (const [key, v] of Object.entries((project.volumes ?? {}) as Record<string, Obj | null>)) {
    if (v === null || v.external !== true) continue;
    const extra = Object.keys(v).find((k) => k !== 'name' && k !== 'external' && !k.startsWith('x-'));
    if (extra !== undefined) out.push({ message: `volumes.${key}: conflicting parameters "external" and "${extra}" specified`, path: ['volumes', key, extra] });
  }
  return out;
}

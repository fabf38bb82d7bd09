// Docker's three ways of asking for storage (Binds strings, Mounts objects, Tmpfs map) brought to
// one shape, with their options read as dockerd reads them (volume/mounts/parser_unix.go).
import { EngineError } from '../errors';
import type { DockerMount } from './types';

export type MountSpec =
  | { kind: 'bind'; source: string; target: string; readOnly: boolean; propagation: string; create: boolean }
  | { kind: 'volume'; name: string | undefined; target: string; readOnly: boolean; noCopy: boolean; labels?: Record<string, string>; driverOpts?: Record<string, string> }
  | { kind: 'tmpfs'; target: string; readOnly: boolean; options: string[] };

const PROPAGATION = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);
// Accepted and ignored: SELinux relabel flags (no SELinux here) and Docker Desktop's consistency flags.
const IGNORED = new Set(['z', 'Z', 'consistent', 'cached', 'delegated']);

function checkTarget(target: string | undefined, what: string | undefined): string {
  if (typeof target !== 'string' || target === '') throw new EngineError('INVALID_ARGUMENT', `invalid mount config for type "${what ?? ''}": field Target must not be empty`);
  if (!target.startsWith('/')) throw new EngineError('INVALID_ARGUMENT', `invalid mount ${what}: destination "${target}" is not an absolute path`);
  return target;
}

/** "src:dst[:opts]" of HostConfig.Binds; a src that is not a path names a volume. */
export function parseBind(spec: string): MountSpec {
  const parts = spec.split(':');
  if (parts.length < 2 || parts.length > 3 || !parts[0] || !parts[1]) throw new EngineError('INVALID_ARGUMENT', `invalid volume specification: "${spec}"`);
  const [source, target, opts = ''] = parts;
  let readOnly = false;
  let noCopy = false;
  let propagation = 'rprivate';
  for (const o of opts.split(',').filter(Boolean)) {
    if (o === 'ro' || o === 'rw') readOnly = o === 'ro';
    else if (o === 'nocopy') noCopy = true;
    else if (PROPAGATION.has(o)) propagation = o;
    else if (!IGNORED.has(o)) throw new EngineError('INVALID_ARGUMENT', `invalid mode "${o}" in volume specification "${spec}"`);
  }
  checkTarget(target, spec);
  if (source.startsWith('/')) return { kind: 'bind', source, target, readOnly, propagation, create: true };
  return { kind: 'volume', name: source, target, readOnly, noCopy };
}

export function fromDockerMount(m: DockerMount): MountSpec {
  const target = checkTarget(m.Target, m.Type);
  const readOnly = !!m.ReadOnly;
  if (m.Type === 'bind') {
    if (!m.Source?.startsWith('/')) throw new EngineError('INVALID_ARGUMENT', `invalid bind mount: source "${m.Source ?? ''}" is not an absolute path`);
    const propagation = m.BindOptions?.Propagation || 'rprivate';
    if (!PROPAGATION.has(propagation)) throw new EngineError('INVALID_ARGUMENT', `invalid propagation "${propagation}"`);
    return { kind: 'bind', source: m.Source, target, readOnly, propagation, create: !!m.BindOptions?.CreateMountpoint };
  }
  if (m.Type === 'volume') {
    return { kind: 'volume', name: m.Source || undefined, target, readOnly, noCopy: !!m.VolumeOptions?.NoCopy, labels: m.VolumeOptions?.Labels, driverOpts: m.VolumeOptions?.DriverConfig?.Options };
  }
  if (m.Type === 'tmpfs') {
    const options: string[] = [];
    if (m.TmpfsOptions?.SizeBytes) options.push(`size=${m.TmpfsOptions.SizeBytes}`);
    if (m.TmpfsOptions?.Mode !== undefined) options.push(`mode=${m.TmpfsOptions.Mode.toString(8)}`);
    return { kind: 'tmpfs', target, readOnly, options };
  }
  const type = (m as { Type?: unknown }).Type;
  // dockerd: an unknown type is the client's error (400), as "mount type unknown"
  throw new EngineError('INVALID_ARGUMENT', `invalid mount config for type "${String(type ?? '')}": mount type unknown`);
}

/** HostConfig.Tmpfs entry: "/run" → "size=64m,mode=1777". */
export function fromTmpfs(target: string, opts: string): MountSpec {
  const options = opts.split(',').filter(Boolean);
  const readOnly = options.includes('ro');
  return { kind: 'tmpfs', target: checkTarget(target, 'tmpfs'), readOnly, options: options.filter((o) => o !== 'ro' && o !== 'rw') };
}

/** "container[:ro|:rw]" of HostConfig.VolumesFrom. */
export function parseVolumesFrom(spec: string): { container: string; mode?: 'ro' | 'rw' } {
  const [container, mode] = spec.split(':');
  if (!container || (mode !== undefined && mode !== 'ro' && mode !== 'rw')) throw new EngineError('INVALID_ARGUMENT', `invalid volumes_from "${spec}"`);
  return { container, ...(mode ? { mode } : {}) };
}

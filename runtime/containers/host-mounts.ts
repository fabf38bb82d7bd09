// The default MountProvider when no volume service is wired: host-path binds, tmpfs and
// `--mount type=bind|tmpfs`. Named volumes need runtime/volumes' ContainerMounts.
import { stat } from 'node:fs/promises';
import { EngineError } from '../errors';
import { parseBind, tmpfsMount, bindMount } from '../oci/mounts';
import type { OciMount } from '../oci/spec-types';
import type { MountProvider, MountRequest } from './providers';

export class HostMounts implements MountProvider {
  async resolve(_containerId: string, req: MountRequest): Promise<{ mounts: OciMount[] }> {
    const noVolumes = (name: string): string => {
      throw new EngineError('NOT_IMPLEMENTED', `named volume "${name}" needs the volume service`);
    };
    const mounts: OciMount[] = (req.binds ?? []).map((b) => parseBind(b, noVolumes));
    for (const m of req.mounts ?? []) {
      if (m.Type === 'bind') mounts.push(bindMount(m.Source ?? '', m.Target, { readOnly: m.ReadOnly, propagation: m.BindOptions?.Propagation }));
      else if (m.Type === 'tmpfs') {
        const o = [m.TmpfsOptions?.SizeBytes ? `size=${m.TmpfsOptions.SizeBytes}` : '', m.TmpfsOptions?.Mode ? `mode=${m.TmpfsOptions.Mode.toString(8)}` : ''];
        mounts.push(tmpfsMount(m.Target, o.filter(Boolean).join(',')));
      } else noVolumes(m.Source ?? '(anonymous)');
    }
    for (const [dst, o] of Object.entries(req.tmpfs ?? {})) mounts.push(tmpfsMount(dst, o));
    for (const m of mounts) {
      if (m.type === 'bind' && !(await stat(m.source ?? '').then(() => true, () => false))) {
        throw new EngineError('INVALID_ARGUMENT', `invalid mount config for type "bind": bind source path does not exist: ${m.source}`);
      }
    }
    return { mounts };
  }

  async release(): Promise<void> { /* nothing acquired */ }
}

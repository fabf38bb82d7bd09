// crun compiles the seccomp profile with libseccomp on every create (about 25 ms here for
// Docker's profile) and leaves the result in its state dir as seccomp.bpf. It also accepts a
// precompiled filter in the `run.oci.seccomp_bpf_data` annotation (base64). So the first
// container with a given profile teaches the cache, and later ones skip the compile. The key is
// a hash of the profile JSON, the runtime and the arch, so a filter is only reused for the exact
// same profile. runc has no such annotation: it always compiles.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../metadata/atomic-file';
import type { OciSpec } from './spec-types';

export const BPF_ANNOTATION = 'run.oci.seccomp_bpf_data';

export class SeccompBpfCache {
  private readonly mem = new Map<string, string>();

  constructor(private readonly dir: string, private readonly runtimeName: string, private readonly arch = process.arch) {}

  key(spec: OciSpec): string | undefined {
    if (this.runtimeName !== 'crun' || !spec.linux.seccomp) return undefined;
    return createHash('sha256').update(`${this.runtimeName}\0${this.arch}\0${JSON.stringify(spec.linux.seccomp)}`).digest('hex');
  }

  /** Adds the cached filter to the spec's annotations; true when it did. */
  async apply(spec: OciSpec): Promise<boolean> {
    const key = this.key(spec);
    if (!key) return false;
    let b64 = this.mem.get(key);
    if (b64 === undefined) {
      const raw = await readFile(join(this.dir, `${key}.bpf`)).catch(() => undefined);
      if (!raw || raw.length === 0) return false;
      b64 = raw.toString('base64');
      this.mem.set(key, b64);
    }
    spec.annotations = { ...(spec.annotations ?? {}), [BPF_ANNOTATION]: b64 };
    return true;
  }

  /** After a create without the annotation: keeps the filter crun compiled for this profile. */
  async learn(spec: OciSpec, runtimeStateDir: string): Promise<void> {
    const key = this.key(spec);
    if (!key || this.mem.has(key)) return;
    const raw = await readFile(join(runtimeStateDir, 'seccomp.bpf')).catch(() => undefined);
    if (!raw || raw.length === 0 || raw.length % 8 !== 0) return; // BPF programs are 8-byte instructions
    await writeFileAtomic(join(this.dir, `${key}.bpf`), raw, 0o600);
    this.mem.set(key, raw.toString('base64'));
  }
}

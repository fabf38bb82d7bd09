// RUN --mount, as BuildKit defines the types: `cache` (a directory kept by the engine between
// builds, keyed by id or target), `tmpfs`, `bind` (read-only from the context or another stage),
// `secret` (a file given to the build, bound read-only at /run/secrets/<id>). None of them is part
// of the step's upper directory, so nothing mounted lands in the layer.
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { bindMount } from '../oci/mounts';
import type { OciMount } from '../oci/spec-types';
import type { BuildRun } from './build-run';
import { checksumSources, resolveSources } from './copy-sources';
import { BuildError } from './errors';
import type { MountedStep } from './rootfs-step';
import { openView, type StageView } from './stage-view';
import { stageRef } from './stages';
import type { StageState } from './types';

export interface RunMounts {
  key: unknown[];
  prepare(m: MountedStep): Promise<OciMount[]>;
  release(): Promise<void>;
}

type Spec = Record<string, string>;

function parseSpec(text: string, where: string): Spec {
  const spec: Spec = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const k = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    spec[k === 'dst' || k === 'destination' ? 'target' : k === 'src' ? 'source' : k] = eq < 0 ? 'true' : part.slice(eq + 1);
  }
  if (!spec.type) spec.type = 'bind';
  if (!['cache', 'tmpfs', 'bind', 'secret'].includes(spec.type)) throw new BuildError('INVALID_ARGUMENT', `${where}: RUN --mount type "${spec.type}" is not supported (cache, tmpfs, bind, secret)`);
  if (spec.type === 'secret' && !spec.target) spec.target = `/run/secrets/${spec.id ?? posix.basename(spec.target ?? '')}`;
  if (!spec.target) throw new BuildError('INVALID_ARGUMENT', `${where}: RUN --mount needs a target`);
  return spec;
}

export async function runMounts(run: BuildRun, state: StageState, texts: string[], where: string): Promise<RunMounts> {
  const specs = texts.map((t) => parseSpec(t, where));
  const key: unknown[] = [];
  for (const s of specs) key.push(s.type === 'bind' && !s.from ? { ...s, sum: await bindSum(run, s, where) } : s.type === 'secret' ? { type: 'secret', target: s.target } : s);
  const views: StageView[] = [];
  return {
    key,
    prepare: async () => {
      const out: OciMount[] = [];
      for (const s of specs) out.push(await oneMount(run, state, s, where, views));
      return out;
    },
    release: async () => { for (const v of views.splice(0)) await v.release(); },
  };
}

async function bindSum(run: BuildRun, s: Spec, where: string): Promise<string> {
  const src = await resolveSources(run.contextDir, [s.source ?? '.'], true, 'build context', run.contextFilter).catch((err: Error) => {
    throw new BuildError('INVALID_ARGUMENT', `${where}: ${err.message}`, { cause: err });
  });
  return checksumSources(src, run.fileHashes);
}

async function oneMount(run: BuildRun, state: StageState, s: Spec, where: string, views: StageView[]): Promise<OciMount> {
  const target = posix.resolve(state.config.config.WorkingDir || '/', s.target);
  switch (s.type) {
    case 'tmpfs':
      return { destination: target, type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'mode=1777', ...(s.size ? [`size=${s.size}`] : [])] };
    case 'cache': {
      const id = createHash('sha256').update(s.id ?? target).digest('hex').slice(0, 32);
      const dir = join(run.cacheMounts, id);
      await mkdir(dir, { recursive: true, mode: Number.parseInt(s.mode ?? '755', 8) });
      return bindMount(dir, target);
    }
    case 'secret': {
      const file = run.opts.secrets?.[s.id ?? ''];
      if (!file) {
        if (s.required === 'true') throw new BuildError('INVALID_ARGUMENT', `${where}: secret ${s.id ?? ''} not provided`);
        return { destination: target, type: 'tmpfs', source: 'tmpfs', options: ['ro', 'size=4k'] };
      }
      return bindMount(file, target, { readOnly: true, recursive: false });
    }
    default: {
      let root = run.contextDir;
      if (s.from) {
        const ref = stageRef(run.stages, run.stages.length, s.from);
        const layers = ref ? (await run.buildStage(ref)).layers : (await run.images.get(s.from)).layers;
        const view = await openView(run.rootfs, layers);
        views.push(view);
        root = view.dir;
      }
      const [src] = await resolveSources(root, [s.source ?? '.'], !s.from, s.from ? `stage ${s.from}` : 'build context');
      return bindMount(src.path, target, { readOnly: true });
    }
  }
}

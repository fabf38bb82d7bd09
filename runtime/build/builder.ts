// The engine's builder (dockerd's classic builder in role): a context tar and options in, an image
// in the store out, progress as the JSON message stream's `stream` lines. The context is unpacked
// into scratch space, the Dockerfile parsed, the target stage built (the stages it needs first,
// independent ones side by side), and the result committed through the image service, with a
// lease keeping the build's layers from GC until the image record holds them.
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { normalizeName, type ImageService } from '../images/index';
import { digestOf } from '../content/index';
import type { OciRuntimeCli } from '../oci/runtime-cli';
import { mountsUnder, unmountAll } from '../mount/index';
import type { BuildRun } from './build-run';
import { BuildCache, stepKey } from './cache';
import { FileHashCache, type SourceFilter } from './copy-sources';
import { extractContext, prepareContext } from './context-dir';
import { parseDockerfile, type ParsedDockerfile } from './dockerfile';
import { finalConfigBytes } from './final-config';
import { processWords } from './shell-lex';
import { buildStage } from './stage-build';
import { splitStages, type Stage } from './stages';
import type { BuildOptions, Emit, StageState } from './types';

export interface BuilderOptions {
  /** The engine's state root: the builder keeps <root>/build (cache, cache mounts, scratch). */
  root: string;
  images: ImageService;
  runtime: OciRuntimeCli;
  cgroupParent: string;
  host: { arch: string; kernel: string };
  now: () => Date;
  platform: { os: string; architecture: string };
  /** Bound on the uncompressed context (unlimited by default). */
  maxContextBytes?: number;
}

export class Builder {
  readonly cache: BuildCache;
  private readonly dir: string;
  private readonly fileHashes: FileHashCache;

  constructor(private readonly o: BuilderOptions) {
    this.dir = join(o.root, 'build');
    this.fileHashes = new FileHashCache(() => o.now().getTime());
    this.cache = new BuildCache(this.dir, o.images.content);
  }

  /**
   * Removes what an interrupted build left (the engine calls it at start): step and view mounts
   * under scratch (deepest first), then the scratch tree, then the build's active snapshots.
   */
  async cleanup(): Promise<void> {
    const scratch = join(this.dir, 'scratch');
    const points = mountsUnder(scratch).map((m) => m.mountPoint).sort((a, b) => b.length - a.length);
    for (const p of points) unmountAll(this.o.images.sys, p, { detach: true });
    await rm(scratch, { recursive: true, force: true });
    await this.o.images.snapshotter.cleanup((s) => s.kind !== 'committed' && s.key.startsWith('build-'));
  }

  async build(context: Readable, opts: BuildOptions, emit: Emit): Promise<string> {
    const scratch = join(this.dir, 'scratch', randomBytes(8).toString('hex'));
    let contextDir = join(scratch, 'context');
    try {
      if (opts.contextDir) {
        contextDir = opts.contextDir;
        context.resume();
      } else {
        await extractContext(context, contextDir, this.o.images.sys, this.o.maxContextBytes);
      }
      const ctx = await prepareContext(contextDir, opts.dockerfile, opts.dockerfileInline);
      const df = parseDockerfile(ctx.dockerfile.text, ctx.dockerfile.name);
      if (df.syntax) emit({ stream: `[Warning] # syntax=${df.syntax} ignored: Berth's own Dockerfile frontend is used\n` });
      const id = await this.o.images.withLease((lease) => this.run(df, opts, emit, { scratch, contextDir, lease, filter: ctx }));
      emit({ aux: { ID: id } });
      emit({ stream: `Successfully built ${id.slice(7, 19)}\n` });
      for (const t of opts.tags) emit({ stream: `Successfully tagged ${/:[^/]*$/.test(t) ? t : `${t}:latest`}\n` });
      return id;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  private async run(df: ParsedDockerfile, opts: BuildOptions, emit: Emit, where: { scratch: string; contextDir: string; lease: Set<string>; filter: SourceFilter }): Promise<string> {
    const metaArgs = this.metaArgs(df, opts);
    const plan = splitStages(df, metaArgs, opts.target);
    await mkdir(join(where.scratch, 'steps'), { recursive: true });
    const results = new Map<number, Promise<StageState>>();
    const run: BuildRun = {
      images: this.o.images, opts, emit, file: df.file, escape: df.escape, contextDir: where.contextDir, contextFilter: where.filter,
      cacheMounts: join(this.dir, 'cache-mounts'), cache: this.cache, fileHashes: this.fileHashes, lease: where.lease, metaArgs,
      rootfs: { snapshotter: this.o.images.snapshotter, sys: this.o.images.sys, content: this.o.images.content, scratch: join(where.scratch, 'steps') },
      runHost: { runtime: this.o.runtime, cgroupParent: this.o.cgroupParent, host: this.o.host },
      stages: plan.stages, results, steps: { n: 0, total: countSteps(plan.stages, plan.target) }, platform: this.o.platform,
      now: this.o.now,
      buildStage: (stage: Stage) => {
        let p = results.get(stage.index);
        if (!p) { p = buildStage(run, stage); results.set(stage.index, p); }
        return p;
      },
    };
    const state = await run.buildStage(plan.target);
    const untouched = state.key === stepKey('', ['image', state.baseId]) && !Object.keys(opts.labels).length;
    if (untouched && state.baseId) {
      // `FROM image` alone is that image, as the classic builder answers it.
      for (const t of opts.tags) await this.o.images.tag(state.baseId, t);
      return state.baseId;
    }
    const configBytes = finalConfigBytes(state, opts.labels);
    const same = await this.unchanged(digestOf(configBytes), opts.tags);
    if (same) return same;
    const rec = await this.o.images.create({ configBytes, layers: state.layers, names: opts.tags });
    return rec.id;
  }

  /**
   * A fully cached build yields the config bytes of an image already in the store (the steps'
   * times come from the cache): that image is the result, with its names moved onto it if
   * needed, and nothing is committed again (the commit re-checked every layer's snapshot).
   */
  private async unchanged(id: string, tags: string[]): Promise<string | undefined> {
    const rec = await this.o.images.get(id).catch(() => undefined);
    let names: string[];
    try {
      names = tags.map(normalizeName);
    } catch {
      return undefined; // a bad name: the commit refuses it with its own typed error
    }
    if (rec?.id !== id) return undefined;
    for (const n of names) if (!rec.repoTags.includes(n)) await this.o.images.tag(id, n);
    return id;
  }

  /** ARGs before the first FROM, with build args applied, plus the predefined platform args. */
  private metaArgs(df: ParsedDockerfile, opts: BuildOptions): Map<string, string> {
    const p = this.o.platform;
    const vars = new Map<string, string>([
      ['BUILDPLATFORM', `${p.os}/${p.architecture}`], ['BUILDOS', p.os], ['BUILDARCH', p.architecture],
      ['TARGETPLATFORM', `${p.os}/${p.architecture}`], ['TARGETOS', p.os], ['TARGETARCH', p.architecture],
    ]);
    for (const ins of df.instructions) {
      if (ins.keyword === 'FROM') break;
      if (ins.keyword !== 'ARG') continue;
      for (const word of processWords(ins.args, vars, df.escape)) {
        const eq = word.indexOf('=');
        const name = eq < 0 ? word : word.slice(0, eq);
        const value = opts.buildArgs[name] ?? (eq < 0 ? undefined : word.slice(eq + 1));
        if (value !== undefined && value !== null) vars.set(name, value);
      }
    }
    return vars;
  }

  prune(): Promise<number> {
    return this.cache.prune();
  }
}

/** Steps the target and the stages it refers to count (for "Step n/total"). */
function countSteps(stages: Stage[], target: Stage): number {
  const needed = new Set<number>();
  const visit = (s: Stage): void => {
    if (needed.has(s.index)) return;
    needed.add(s.index);
    const refs = [s.base, ...s.body.flatMap((i) => i.flags.filter(([k]) => k === 'from').map(([, v]) => v ?? ''))];
    for (const r of refs) {
      const ref = stages.slice(0, s.index).find((x) => x.name === r.toLowerCase() || String(x.index) === r);
      if (ref) visit(ref);
    }
  };
  visit(target);
  return [...needed].reduce((n, i) => n + 1 + stages[i].body.length, 0);
}

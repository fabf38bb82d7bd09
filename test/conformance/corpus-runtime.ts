// Corpus cases of stage `runtime`: each expected.e2e.yaml step runs through bin/berth against one
// real engine started for the suite (E2eEngine: own root, socket, network prefix, cgroup parent),
// in a temp copy of the case folder (cases may write files; the shared corpus stays read-only).
// Images come from the busybox fixture under every name a case uses (runtime-images.ts); what a
// case needs adapted or skipped is in runtime-cases.ts, with the reason.
import { readFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYamlText } from 'yaml';
import type { CorpusCase } from '../../core/host/corpus';
import { E2eEngine, type Run } from '../e2e/harness';
import type { Outcome } from './corpus-case';
import { COMMON_IMAGES, writeArchives } from './runtime-images';
import { RUNTIME_CASES, externalContainers } from './runtime-cases';
import { genericStep, runStep, spawnStep, type RawStep, type RunStep, type StepContext } from './runtime-steps';

export class RuntimeSuite {
  private loaded = new Set<string>();
  private constructor(readonly engine: E2eEngine) {}

  /** Starts the engine (by the first berth command) and loads the common images. */
  static async start(): Promise<RuntimeSuite> {
    const s = new RuntimeSuite(await E2eEngine.create('berth-corpus-rt-'));
    try {
      await s.load(COMMON_IMAGES);
    } catch (err) {
      await s.close();
      throw err;
    }
    return s;
  }

  /** PATH plus the variables that point berth at this engine, and nothing else from this shell. */
  engineEnv(): Record<string, string> {
    const e = this.engine.env();
    const keep = ['PATH', 'BERTH_ROOT', 'BERTH_HOST', 'BERTH_NETWORK_PREFIX', 'BERTH_CGROUP_PARENT'];
    return Object.fromEntries(keep.filter((k) => e[k] !== undefined).map((k) => [k, e[k]!]));
  }

  async load(images: typeof COMMON_IMAGES): Promise<void> {
    const todo = images.filter((i) => !this.loaded.has(`${i.name}:${i.tag}`));
    for (const path of await writeArchives(this.engine.t.dir, todo)) {
      const r = await this.berth(['image', 'load', '-i', path], this.engine.t.dir);
      if (r.code !== 0) throw new Error(`image load ${path}: ${r.stderr}`);
    }
    for (const i of todo) this.loaded.add(`${i.name}:${i.tag}`);
  }

  berth(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
    return spawnStep('berth', args, cwd, { ...this.engineEnv(), ...env }, 60_000);
  }

  docker(args: string[], cwd: string): Promise<Run> {
    return spawnStep('docker', args, cwd, { ...this.engineEnv(), DOCKER_HOST: this.engine.env().BERTH_HOST! }, 60_000);
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}

function projectOf(c: CorpusCase, dir: string): string {
  return RUNTIME_CASES[c.id]?.project ?? c.project_name ?? dir.replace(/.*\//, '');
}

export async function runRuntimeCase(c: CorpusCase, suite: RuntimeSuite | undefined): Promise<Outcome> {
  const entry = RUNTIME_CASES[c.id] ?? {};
  if (entry.skip !== undefined) return { status: 'skip', reason: entry.skip };
  if (suite === undefined) return { status: 'skip', reason: 'runtime case: no engine for this run' };
  const dir = join(suite.engine.t.dir, c.id);
  await cp(c.dir, dir, { recursive: true });
  const project = projectOf(c, dir);
  const raw = parseYamlText(readFileSync(join(c.dir, 'expected.e2e.yaml'), 'utf8')) as RawStep[];
  const ctx = stepContext(suite, dir, { ...c, env: { ...c.env, ...entry.env } }, project);
  try {
    await suite.load(entry.images ?? []);
    const steps: RunStep[] = entry.steps ? entry.steps(raw, c.compose_files, project) : raw.map((r) => genericStep(r, c.compose_files, project));
    for (const [i, step] of steps.entries()) {
      const bad = await runStep(step, ctx);
      if (bad) return { status: 'fail', reason: `step ${i + 1}: ${bad}` };
    }
    return { status: 'pass', reason: entry.adapted ? `adapted: ${entry.adapted.join('; ')}` : undefined };
  } catch (err) {
    return { status: 'fail', reason: `${(err as Error).name}: ${(err as Error).message.split('\n')[0]}` };
  } finally {
    await cleanup(suite, c, dir, project);
  }
}

function stepContext(suite: RuntimeSuite, dir: string, c: CorpusCase, project: string): StepContext {
  const ctx: StepContext = {
    dir, project, files: c.compose_files, vars: new Map(), engineEnv: suite.engineEnv(), caseEnv: c.env,
    exec: (args, o = {}) => (o.program === 'docker' ? suite.docker(args, join(dir, o.cwd ?? '.')) : suite.berth(args, join(dir, o.cwd ?? '.'), { ...c.env, ...o.env })),
  };
  return ctx;
}

/** The project's containers, networks and volumes go (`down -v`), and any container made outside it. */
async function cleanup(suite: RuntimeSuite, c: CorpusCase, dir: string, project: string): Promise<void> {
  const files = c.compose_files.flatMap((f) => ['-f', f]);
  await suite.berth([...files, '-p', project, 'down', '-v', '-t', '0', '--remove-orphans'], dir, c.env).catch(() => undefined);
  for (const name of externalContainers(c.id, project)) await suite.berth(['container', 'rm', '-f', name], dir).catch(() => undefined);
}

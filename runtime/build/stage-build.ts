// One stage, instruction by instruction: FROM gives the starting state (scratch, an earlier
// stage, or an image in the store, whose ONBUILD triggers then run first), ARG brings a build arg
// into scope, RUN/COPY/ADD make layers, everything else changes the config.
import type { BuildRun } from './build-run';
import { short, stepLine } from './build-run';
import { stepKey } from './cache';
import { parseDockerfile, type Instruction } from './dockerfile';
import { BuildError } from './errors';
import { applyMetadata, envOf } from './metadata';
import { processWords } from './shell-lex';
import { stageRef, type Stage } from './stages';
import { cachedStep } from './step-cache';
import { copyStep } from './step-copy';
import { runStep } from './step-run';
import type { StageState } from './types';

function emptyState(run: BuildRun): StageState {
  return {
    config: { architecture: run.platform.architecture, os: run.platform.os, config: {}, history: [], rootfs: { type: 'layers', diff_ids: [] } },
    layers: [], key: stepKey('', ['scratch', run.platform]), args: new Map(), baseId: '',
  };
}

async function fromState(run: BuildRun, stage: Stage): Promise<{ state: StageState; triggers: string[] }> {
  if (stage.platform && !platformMatches(stage.platform, run.platform)) {
    throw new BuildError('INVALID_ARGUMENT', `${run.file}:${stage.from.line}:${stage.from.col}: platform ${stage.platform} is not this engine's (${run.platform.os}/${run.platform.architecture}); only the host's platform can be built`);
  }
  if (stage.base.toLowerCase() === 'scratch') return { state: emptyState(run), triggers: [] };
  const named = run.opts.namedContexts?.[stage.base.toLowerCase()];
  if (named && 'dir' in named) {
    throw new BuildError('NOT_IMPLEMENTED', `${run.file}:${stage.from.line}:${stage.from.col}: FROM ${stage.base}: a folder context cannot be a stage's base in Berth's builder (COPY --from=${stage.base} reads it)`);
  }
  const ref = named ? undefined : stageRef(run.stages, stage.index, stage.base);
  if (ref) {
    const parent = await run.buildStage(ref);
    return { state: { ...structuredClone({ config: parent.config, layers: parent.layers }), key: parent.key, args: new Map(), baseId: parent.baseId }, triggers: [] };
  }
  const { record, config } = await run.images.imageConfig(named?.image ?? stage.base).catch((err: Error & { code?: string }) => {
    if (err.code !== 'NOT_FOUND') throw err;
    throw new BuildError('NOT_FOUND', `${run.file}:${stage.from.line}:${stage.from.col}: FROM ${stage.base}: image not found in the engine's store (load or pull it first)`, { cause: err });
  });
  const state: StageState = {
    config: {
      ...config, architecture: config.architecture, os: config.os, config: { ...config.config },
      history: [...(config.history ?? [])], rootfs: { type: 'layers', diff_ids: [...config.rootfs.diff_ids] },
    },
    layers: record.layers.map((l) => ({ ...l })), key: stepKey('', ['image', record.id]), args: new Map(), baseId: record.id,
  };
  const triggers = state.config.config.OnBuild ?? [];
  state.config.config.OnBuild = null;
  return { state, triggers };
}

function platformMatches(p: string, host: { os: string; architecture: string }): boolean {
  const [os, arch] = p.split('/');
  return os === host.os && (arch === undefined || arch === host.architecture);
}

export async function buildStage(run: BuildRun, stage: Stage): Promise<StageState> {
  // The stage this one starts from is built (and printed) first, as the classic builder orders it.
  const base = run.opts.namedContexts?.[stage.base.toLowerCase()] ? undefined : stageRef(run.stages, stage.index, stage.base);
  if (base) await run.buildStage(base);
  stepLine(run, stage.from.text);
  const { state, triggers } = await fromState(run, stage);
  run.emit({ stream: ` ---> ${state.baseId ? short(state.baseId) : short(state.key)}\n` });
  if (triggers.length) {
    run.emit({ stream: `# Executing ${triggers.length} build trigger${triggers.length > 1 ? 's' : ''}\n` });
    const parsed = parseDockerfile(`FROM scratch\n${triggers.join('\n')}`, `${stage.base} ONBUILD`).instructions.slice(1);
    run.steps.inTriggers = true;
    try {
      for (const ins of parsed) await step(run, state, ins, stage);
    } finally {
      run.steps.inTriggers = false;
    }
  }
  for (const ins of stage.body) await step(run, state, ins, stage);
  return state;
}

async function step(run: BuildRun, state: StageState, ins: Instruction, stage: Stage): Promise<void> {
  switch (ins.keyword) {
    case 'ARG': return argStep(run, state, ins, stage);
    case 'RUN': return runStep(run, state, ins, stage.name);
    case 'COPY': case 'ADD': return copyStep(run, state, ins, stage.name, stage.index);
    default: {
      stepLine(run, ins.text);
      const createdBy = applyMetadata(ins, state, { vars: new Map([...state.args, ...envOf(state)]), escape: run.escape, file: run.file });
      const key = stepKey(state.key, [ins.keyword, createdBy]);
      await cachedStep(run, state, key, stage.name, async () => ({ createdBy }));
    }
  }
}

/** `ARG name[=default]`: the build arg's value, else the default, else the meta arg's. */
async function argStep(run: BuildRun, state: StageState, ins: Instruction, stage: Stage): Promise<void> {
  stepLine(run, ins.text);
  const vars = new Map([...state.args, ...envOf(state)]);
  for (const word of processWords(ins.args, vars, run.escape)) {
    const eq = word.indexOf('=');
    const name = eq < 0 ? word : word.slice(0, eq);
    const given = run.opts.buildArgs[name];
    const value = given ?? (eq < 0 ? run.metaArgs.get(name) : word.slice(eq + 1));
    if (value !== undefined) state.args.set(name, value);
    const key = stepKey(state.key, ['ARG', name, value ?? null]);
    const shell = state.config.config.Shell ?? ['/bin/sh', '-c'];
    await cachedStep(run, state, key, stage.name, async () => ({ createdBy: [...shell, '#(nop) ', `ARG ${word}`].join(' ') }));
  }
}

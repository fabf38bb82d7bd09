// Stages of a multi-stage Dockerfile: the meta ARGs before the first FROM, one stage per FROM,
// the target (`--target`, else the last), and the stages it needs (its FROM and COPY --from
// references, transitively), so a stage nobody needs is never built, as BuildKit prunes them.
import type { Instruction, ParsedDockerfile } from './dockerfile';
import { BuildError } from './errors';
import { processWords, type Vars } from './shell-lex';

export interface Stage {
  index: number;
  /** `AS name`, lower-cased (stage names are case-insensitive). */
  name?: string;
  from: Instruction;
  /** The base as written (variables substituted with the meta args). */
  base: string;
  platform?: string;
  body: Instruction[];
}

export interface StagePlan {
  metaArgs: Instruction[];
  stages: Stage[];
  target: Stage;
}

export function splitStages(df: ParsedDockerfile, metaVars: Vars, target: string | undefined): Omit<StagePlan, 'metaArgs'> & { metaArgs: Instruction[] } {
  const metaArgs: Instruction[] = [];
  const stages: Stage[] = [];
  for (const ins of df.instructions) {
    if (ins.keyword === 'FROM') { stages.push(stageOf(ins, stages.length, metaVars, df)); continue; }
    if (!stages.length) {
      if (ins.keyword !== 'ARG') throw new BuildError('INVALID_ARGUMENT', `${df.file}:${ins.line}:${ins.col}: ${ins.keyword} before the first FROM (only ARG may come before FROM)`);
      metaArgs.push(ins);
      continue;
    }
    stages[stages.length - 1].body.push(ins);
  }
  let chosen = stages[stages.length - 1];
  if (target) {
    const t = stages.find((s) => s.name === target.toLowerCase());
    if (!t) throw new BuildError('INVALID_ARGUMENT', `failed to reach build target ${target} in Dockerfile`);
    chosen = t;
  }
  return { metaArgs, stages, target: chosen };
}

function stageOf(ins: Instruction, index: number, vars: Vars, df: ParsedDockerfile): Stage {
  const words = processWords(ins.args, vars, df.escape);
  const where = `${df.file}:${ins.line}:${ins.col}`;
  if (words.length !== 1 && !(words.length === 3 && words[1].toUpperCase() === 'AS')) {
    throw new BuildError('INVALID_ARGUMENT', `${where}: FROM requires either one or three arguments (FROM image [AS name])`);
  }
  const name = words[2]?.toLowerCase();
  if (name !== undefined && !/^[a-z][a-z0-9-_.]*$/.test(name)) throw new BuildError('INVALID_ARGUMENT', `${where}: invalid name for build stage: "${words[2]}"`);
  const platform = ins.flags.find(([k]) => k === 'platform')?.[1];
  for (const [k] of ins.flags) if (k !== 'platform') throw new BuildError('INVALID_ARGUMENT', `${where}: unknown flag: --${k}`);
  if (name && words[0].toLowerCase() === name) throw new BuildError('INVALID_ARGUMENT', `${where}: circular dependency detected on stage: ${name}`);
  return { index, name, from: ins, base: words[0], platform: platform && processWords(platform, vars, df.escape)[0], body: [] };
}

/** The stage a FROM or --from names: an earlier stage by name or index, else undefined (an image). */
export function stageRef(stages: Stage[], before: number, ref: string): Stage | undefined {
  const byName = stages.slice(0, before).find((s) => s.name === ref.toLowerCase());
  if (byName) return byName;
  if (/^\d+$/.test(ref)) {
    const i = Number(ref);
    if (i >= before) throw new BuildError('INVALID_ARGUMENT', `invalid stage reference ${ref}: only an earlier stage can be copied from`);
    return stages[i];
  }
  return undefined;
}

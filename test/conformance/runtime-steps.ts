// One step of a runtime corpus case: a `berth` (or `docker`) command line run in the case's temp
// copy against the suite's engine, and the observables expected.e2e.yaml asserts on it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { shellSplit } from '../../core/spec/normalize/shell-words';
import { berthBin, type Run } from '../e2e/harness';

/** A step as expected.e2e.yaml writes it (see the corpus README). */
export interface RawStep {
  command?: string;
  cwd?: string;
  env?: Record<string, string>;
  args_env_file?: string;
  exit_code?: number;
  output_contains?: string | string[];
  output_not_contains?: string | string[];
  stdout_contains?: string | string[];
  stderr_contains?: string | string[];
  output_matches_regex?: string;
  state?: Record<string, string>;
  within_seconds?: number;
  [other: string]: unknown;
}

/** Keys of a raw step the generic conversion understands; any other needs a per-case adaptation. */
const KNOWN = new Set(['command', 'cwd', 'env', 'args_env_file', 'exit_code', 'output_contains', 'output_not_contains', 'stdout_contains', 'stderr_contains', 'state', 'within_seconds', 'from_test']);

/** What the runner executes: argv, where, with which env, and what must hold afterwards. */
export interface RunStep {
  /** Shown in failures: the upstream command line, or what the adaptation runs. */
  label: string;
  args: string[];
  /** `docker` = the docker CLI against the suite's engine (what upstream tests run with `docker`). */
  program?: 'berth' | 'docker';
  cwd?: string;
  env?: Record<string, string>;
  exitCode?: number;
  outputContains?: string[];
  outputNotContains?: string[];
  stdoutContains?: string[];
  stderrContains?: string[];
  /** Service → container state (`ps -a --format json` State) after the step. */
  state?: Record<string, string>;
  timeoutMs?: number;
  /** Extra checks; a string is a failure reason. */
  check?: (r: Run, ctx: StepContext) => Promise<string | undefined>;
}

export interface StepContext {
  dir: string;
  /** Engine variables (BERTH_ROOT, BERTH_HOST...) plus PATH. */
  engineEnv: Record<string, string>;
  caseEnv: Record<string, string>;
  /** Project name of the case's runs (__PROJECT__). */
  project: string;
  /** The case's `-f` files (relative to its folder). */
  files: string[];
  /** Values a step keeps for later ones (an external container's id...). */
  vars: Map<string, string>;
  /** Runs another command in the case folder (for checks). */
  exec: (args: string[], o?: { program?: 'berth' | 'docker'; env?: Record<string, string>; cwd?: string }) => Promise<Run>;
}

const list = (v: string | string[] | undefined): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/**
 * The generic reading of a raw step: `command` split as a shell would, `-f <files>` of the case
 * prepended unless the command names its own (the corpus: "run with -f compose.yaml unless
 * stated"), `args_env_file` as `--env-file`. Throws on anything it does not understand.
 */
export function genericStep(raw: RawStep, files: string[], project: string): RunStep {
  const unknown = Object.keys(raw).filter((k) => !KNOWN.has(k));
  if (raw.command === undefined || unknown.length > 0) throw new Error(`step ${JSON.stringify(raw)} needs a per-case adaptation (${unknown.join(', ') || 'no command'})`);
  const argv = shellSplit(raw.command);
  const hasFiles = argv.includes('-f') || argv.includes('--file');
  const args = [...(hasFiles ? [] : files.flatMap((f) => ['-f', f])), ...(raw.args_env_file ? ['--env-file', raw.args_env_file] : []), ...argv];
  const sub = (xs: string[] | undefined): string[] | undefined => xs?.map((x) => x.replaceAll('__PROJECT__', project));
  return {
    label: raw.command, args, cwd: raw.cwd, env: raw.env, exitCode: raw.exit_code ?? 0,
    outputContains: sub(list(raw.output_contains)), outputNotContains: sub(list(raw.output_not_contains)),
    stdoutContains: sub(list(raw.stdout_contains)), stderrContains: sub(list(raw.stderr_contains)),
    state: raw.state, timeoutMs: raw.within_seconds === undefined ? undefined : raw.within_seconds * 1000,
  };
}

/** Spawns berth (through the bundle) or docker with exactly `env`: nothing else from this shell. */
export function spawnStep(program: 'berth' | 'docker', args: string[], cwd: string, env: Record<string, string>, timeoutMs: number): Promise<Run> {
  const [file, argv] = program === 'docker' ? ['docker', args] : [process.execPath, [berthBin, ...args]];
  return new Promise((resolve, reject) => {
    const p = spawn(file, argv, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b: Buffer) => { stdout += b; });
    p.stderr.on('data', (b: Buffer) => { stderr += b; });
    const timer = setTimeout(() => { p.kill('SIGKILL'); reject(new Error(`${program} ${args.join(' ')}: no exit within ${timeoutMs} ms`)); }, timeoutMs);
    p.on('error', (e) => { clearTimeout(timer); reject(e); });
    p.on('close', (code) => { clearTimeout(timer); resolve({ code: code ?? -1, stdout, stderr }); });
  });
}

/** Runs one step and returns why it failed, or undefined. */
export async function runStep(step: RunStep, ctx: StepContext): Promise<string | undefined> {
  const program = step.program ?? 'berth';
  const env: Record<string, string> = { ...ctx.engineEnv, ...ctx.caseEnv, ...step.env };
  if (program === 'docker') env.DOCKER_HOST = env.BERTH_HOST!;
  const r = await spawnStep(program, step.args, join(ctx.dir, step.cwd ?? '.'), env, step.timeoutMs ?? 60_000);
  const output = r.stdout + r.stderr;
  const where = `\`${step.label}\``;
  const show = (s: string): string => JSON.stringify(s.length > 1500 ? `${s.slice(0, 1500)}…` : s);
  if (step.exitCode !== undefined && r.code !== step.exitCode) return `${where}: exit ${r.code}, expected ${step.exitCode}; output ${show(output)}`;
  for (const s of step.outputContains ?? []) if (!output.includes(s)) return `${where}: output lacks ${JSON.stringify(s)}; got ${show(output)}`;
  for (const s of step.outputNotContains ?? []) if (output.includes(s)) return `${where}: output contains ${JSON.stringify(s)}; got ${show(output)}`;
  for (const s of step.stdoutContains ?? []) if (!r.stdout.includes(s)) return `${where}: stdout lacks ${JSON.stringify(s)}; got ${show(r.stdout)}`;
  for (const s of step.stderrContains ?? []) if (!r.stderr.includes(s)) return `${where}: stderr lacks ${JSON.stringify(s)}; got ${show(r.stderr)}`;
  if (step.state !== undefined) {
    const bad = await checkState(step.state, ctx, env, step.cwd);
    if (bad) return `${where}: ${bad}`;
  }
  return step.check ? step.check(r, ctx) : undefined;
}

/** `ps -a --format json`: each named service's containers are in the expected state. */
async function checkState(want: Record<string, string>, ctx: StepContext, env: Record<string, string>, cwd?: string): Promise<string | undefined> {
  const r = await ctx.exec([...ctx.files.flatMap((f) => ['-f', f]), '-p', ctx.project, 'ps', '-a', '--format', 'json'], { env, cwd });
  if (r.code !== 0) return `ps failed: ${r.stderr}`;
  const rows = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { Service: string; State: string });
  for (const [service, state] of Object.entries(want)) {
    const got = rows.filter((x) => x.Service === service).map((x) => x.State);
    if (got.length === 0 || got.some((s) => s !== state)) return `service ${service} is ${got.join(',') || 'absent'}, expected ${state}`;
  }
  return undefined;
}

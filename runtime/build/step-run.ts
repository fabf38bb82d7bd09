// RUN: shell or exec form (or a heredoc script), `--network`, `--mount` (mounts.ts); the step's
// key covers the command, the build args it sees and its mounts; the history line is the
// command as the classic builder writes it, prefixed `|N K=V ...` when build args are in scope.
import { withDefaultPath } from '../oci/default-env';
import type { BuildRun } from './build-run';
import { stepLine } from './build-run';
import { execForm, flagsOf, type Instruction } from './dockerfile';
import { BuildError } from './errors';
import { envOf } from './metadata';
import { runMounts } from './run-mounts';
import { withRootfsStep, ensureUnpacked } from './rootfs-step';
import { runInStep } from './run-step';
import { stepKey } from './cache';
import { cachedStep } from './step-cache';
import { DEFAULT_SHELL, type StageState } from './types';

function commandOf(ins: Instruction, shell: string[]): string[] {
  const exec = execForm(ins.args);
  if (exec) return exec;
  const only = ins.heredocs.length === 1 && /^<<-?["']?[A-Za-z_][A-Za-z0-9_]*["']?$/.test(ins.args.trim());
  // A lone heredoc is the script itself, run by the shell (BuildKit's RUN <<EOF).
  if (only) return [...shell, ins.heredocs[0].body];
  const text = ins.heredocs.length ? `${ins.args}\n${ins.heredocs.map((h) => `${h.body}${h.name}`).join('\n')}` : ins.args;
  return [...shell, text];
}

function networkOf(run: BuildRun, flag: string | undefined, where: string): 'host' | 'none' {
  const mode = flag ?? run.opts.networkMode ?? 'default';
  if (mode === 'none') return 'none';
  if (['default', 'host', 'bridge', ''].includes(mode)) return 'host';
  throw new BuildError('INVALID_ARGUMENT', `${where}: network mode "${mode}" is not supported for RUN (default, host, none)`);
}

/**
 * The predefined proxy args: given with --build-arg, every RUN sees them without an ARG, and
 * (unless an ARG names them) they stay out of the history line and the cache key, as dockerd's
 * BuildArgs.IsReferencedOrNotBuiltin: a proxy that differs between machines reuses the cache.
 */
export const PROXY_ARGS = ['HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY'].flatMap((n) => [n, n.toLowerCase()]);

function proxyEnv(run: BuildRun, state: StageState): string[] {
  const env = envOf(state);
  return PROXY_ARGS.flatMap((k) => {
    const v = run.opts.buildArgs[k];
    return typeof v === 'string' && !state.args.has(k) && !env.has(k) ? [`${k}=${v}`] : [];
  });
}

/** Build args in scope that ENV does not shadow: RUN sees them as environment variables. */
function argEnv(state: StageState): Array<[string, string]> {
  const env = envOf(state);
  return [...state.args].filter(([k]) => !env.has(k)).sort(([a], [b]) => a.localeCompare(b));
}

export async function runStep(run: BuildRun, state: StageState, ins: Instruction, stage: string | undefined): Promise<void> {
  const where = `${run.file}:${ins.line}:${ins.col}`;
  const f = flagsOf(ins, ['network', 'mount', 'security'], run.file);
  if (f.get('security')?.some((s) => s !== 'sandbox')) throw new BuildError('INVALID_ARGUMENT', `${where}: RUN --security=insecure is not allowed by this engine`);
  const shell = state.config.config.Shell ?? DEFAULT_SHELL;
  const args = commandOf(ins, shell);
  const network = networkOf(run, f.get('network')?.[0], where);
  const mounts = await runMounts(run, state, f.get('mount') ?? [], where);
  const extra = argEnv(state);
  const display = args.join(' ');
  const createdBy = extra.length ? `|${extra.length} ${extra.map(([k, v]) => `${k}=${v}`).join(' ')} ${display}` : display;
  stepLine(run, ins.text.split('\n')[0]);
  const key = stepKey(state.key, ['RUN', args, extra, network, mounts.key]);
  await cachedStep(run, state, key, stage, async () => {
    const parent = await ensureUnpacked(run.rootfs, state.layers);
    const c = state.config.config;
    // a base without PATH (an import, scratch) still runs RUN with the default one, as Docker's builders do
    const env = withDefaultPath([...(c.Env ?? []), ...extra.map(([k, v]) => `${k}=${v}`), ...proxyEnv(run, state)]);
    const layer = await withRootfsStep(run.rootfs, parent, async (m) => {
      const oci = await mounts.prepare(m);
      try {
        await runInStep(run.runHost, m, { args, env, cwd: c.WorkingDir || '/', user: c.User ?? '', network, mounts: oci, display }, (text) => run.emit({ stream: text }));
      } finally {
        await mounts.release();
      }
    });
    return { createdBy, layer };
  });
}

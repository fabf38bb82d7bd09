// `berth up`: create and start the project's containers (compose up). `-d` returns once started;
// `--dry-run` prints the plan; `--wait` waits for running/healthy. Without -d, attaches to logs
// until the containers exit or Ctrl-C (first: graceful stop, second: kill).
import { parseCommandLine } from '../args/compose-flags';
import { connectCompose, loadComposeProject, engineConfigFrom, type CommandContext } from '../render/compose-setup';
import { up } from '../../core/compose/up';
import { renderPlan } from '../../core/plan';
import { CoreError } from '../../core/errors';
import { formatError } from '../format-error';
import { attachForeground } from '../render/foreground';
import type { ComposeGlobals } from '../args/compose-flags';
import type { ComposeSession } from '../../core/compose/session';
import type { Project } from '../../core/spec/index';
import { pullForUp } from './up-pull';
import { buildForUp } from '../../core/compose/build';
import { lineWriter } from './build-output';

const OPTIONS = {
  detach: { type: 'boolean', short: 'd' },
  wait: { type: 'boolean' },
  'wait-timeout': { type: 'string' },
  'force-recreate': { type: 'boolean' },
  'no-recreate': { type: 'boolean' },
  'always-recreate-deps': { type: 'boolean' },
  'no-deps': { type: 'boolean' },
  scale: { type: 'string', multiple: true },
  'remove-orphans': { type: 'boolean' },
  'no-start': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'renew-anon-volumes': { type: 'boolean', short: 'V' },
  timeout: { type: 'string', short: 't' },
  'abort-on-container-exit': { type: 'boolean' },
  'exit-code-from': { type: 'string' },
  build: { type: 'boolean' },
  'no-build': { type: 'boolean' },
  'quiet-pull': { type: 'boolean' },
  pull: { type: 'string' },
  'no-color': { type: 'boolean' },
  'no-log-prefix': { type: 'boolean' },
  // compose's global --ansi never|always|auto: colours of the attached logs
  ansi: { type: 'string' },
  watch: { type: 'boolean', short: 'w' },
} as const;

/**
 * compose's `--menu[=bool]` (the interactive shortcuts of an attached up): Berth has no menu, so
 * the flag is accepted and has nothing to switch. Dropped here because a boolean flag of
 * util.parseArgs takes no `=value`.
 */
export function withoutMenuFlag(args: string[]): string[] {
  const end = args.indexOf('--');
  return args.filter((a, i) => (end >= 0 && i > end) || !/^--menu(=(true|false|1|0))?$/.test(a));
}

/** --ansi never|always|auto (auto: colours on a TTY), and --no-color. */
export function logColours(ansi: string | undefined, noColor: boolean, tty: boolean): boolean {
  if (ansi !== undefined && !['never', 'always', 'auto'].includes(ansi)) throw new CoreError('INVALID_ARGUMENT', `--ansi ${ansi}: expected never, always or auto`);
  if (noColor || ansi === 'never') return false;
  return ansi === 'always' || tty;
}

export function parseScale(items: string[] = []): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const [svc, n] = item.split('=');
    if (!svc || n === undefined || !/^\d+$/.test(n)) throw new CoreError('INVALID_ARGUMENT', `--scale ${item}: expected SERVICE=NUM`);
    out[svc] = Number(n);
  }
  return out;
}

export function seconds(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new CoreError('INVALID_ARGUMENT', `${flag} ${v}: expected a number of seconds`);
  return Number(v);
}

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values: v, globals, positionals } = parseCommandLine(withoutMenuFlag(engineConfigFrom(args, ctx).rest), OPTIONS);
  const color = logColours(v.ansi, v['no-color'] === true, (ctx.stdout as { isTTY?: boolean }).isTTY === true);
  if (v.build && v['no-build']) throw new CoreError('INVALID_ARGUMENT', '--build and --no-build are incompatible');
  if (v['exit-code-from'] !== undefined && v.detach) throw new CoreError('INVALID_ARGUMENT', '--exit-code-from and --detach are incompatible');
  const detach = v.detach === true || v.wait === true;
  const project = loadComposeProject(globals, ctx, positionals);
  const { client, session } = await connectCompose(args, ctx, { progress: v['dry-run'] !== true, parallel: globals.parallel });
  try {
    // compose up's build step: missing images (and all with --build) are built before the plan;
    // then what pull_policy asks is pulled (a built image is present, so it is not pulled).
    if (!v['dry-run']) await buildForUp(client, project, positionals, { build: v.build, noBuild: v['no-build'] }, lineWriter(ctx.stderr, true));
    if (v['dry-run'] !== true) await pullForUp(session, project, { services: positionals, policy: v.pull, noDeps: v['no-deps'] === true, quiet: v['quiet-pull'] === true }, ctx);
    const res = await up(session, project, {
      services: positionals, forceRecreate: v['force-recreate'], noRecreate: v['no-recreate'], alwaysRecreateDeps: v['always-recreate-deps'],
      noDeps: v['no-deps'], scale: parseScale(v.scale), removeOrphans: v['remove-orphans'], noStart: v['no-start'],
      renewAnonVolumes: v['renew-anon-volumes'], timeout: seconds('--timeout', v.timeout), dryRun: v['dry-run'],
      wait: v.wait, waitTimeout: seconds('--wait-timeout', v['wait-timeout']),
    });
    for (const w of [...res.plan.warnings, ...(res.result?.warnings ?? [])]) ctx.stderr.write(`WARN ${w}\n`);
    if (v['dry-run']) { ctx.stdout.write(renderPlan(res.plan)); return 0; }
    if (v.watch && detach) await startWatcher(project, globals, positionals, args, ctx);
    if (detach || v['no-start']) return 0;
    const watching = v.watch ? await foregroundWatch(session, project, positionals, ctx) : undefined;
    return await attachForeground(session, project, {
      busy: () => watching?.busy() ?? false,
      services: positionals, abortOnExit: v['abort-on-container-exit'] === true || v['exit-code-from'] !== undefined,
      exitCodeFrom: v['exit-code-from'], color, prefix: v['no-log-prefix'] !== true,
      timeout: seconds('--timeout', v.timeout), out: ctx.stdout, err: ctx.stderr,
    }).finally(() => watching?.stop.abort());
  } catch (err) {
    ctx.stderr.write(formatError(err) + '\n');
    return 1;
  } finally {
    client.close();
  }
}

/** `up -d --watch`: a detached watcher (loaded only with --watch: the up bundle stays lean). */
async function startWatcher(project: Project, globals: ComposeGlobals, services: string[], args: string[], ctx: CommandContext): Promise<void> {
  const { startWatcherFor } = await import('./watch-detached');
  await startWatcherFor(project, globals, services, engineConfigFrom(args, ctx).config, ctx);
}

/** `up --watch`: watching beside the attached logs, ended with them. */
async function foregroundWatch(session: ComposeSession, project: Project, services: string[], ctx: CommandContext): Promise<{ stop: AbortController; busy: () => boolean }> {
  const { watchUntilSignal } = await import('./watch');
  const stop = new AbortController();
  let session_: { readonly busy: boolean } | undefined;
  let started!: () => void;
  const ready = new Promise<void>((resolve) => { started = resolve; });
  void watchUntilSignal(session, project, services, ctx, { poll: false, prune: false, signal: stop.signal, onStarted: (w) => { session_ = w; started(); } })
    .catch((err: unknown) => { ctx.stderr.write(formatError(err) + '\n'); started(); });
  await ready;
  // While a batch restarts or recreates containers, the attached logs must not take the gap for the end.
  return { stop, busy: () => session_?.busy ?? false };
}
export const help = {
  usage: 'berth up [OPTIONS] [SERVICE...]',
  summary: 'Create and start containers',
  flags: [
    ['-d, --detach', 'Detached mode: Run containers in the background'],
    ['--wait', 'Wait for services to be running|healthy. Implies detached mode.'],
    ['--wait-timeout int', 'Maximum duration in seconds to wait for the project to be running|healthy'],
    ['--force-recreate', "Recreate containers even if their configuration and image haven't changed"],
    ['--no-recreate', "If containers already exist, don't recreate them. Incompatible with --force-recreate."],
    ['--always-recreate-deps', 'Recreate dependent containers. Incompatible with --no-recreate.'],
    ['--no-deps', "Don't start linked services"],
    ['--scale scale', 'Scale SERVICE to NUM instances. Overrides the scale setting in the Compose file if present.'],
    ['--remove-orphans', 'Remove containers for services not defined in the Compose file'],
    ['--no-start', "Don't start the services after creating them"],
    ['--dry-run', 'Execute command in dry run mode (print the plan, change nothing)'],
    ['-V, --renew-anon-volumes', 'Recreate anonymous volumes instead of retrieving data from the previous containers'],
    ['-t, --timeout int', 'Use this timeout in seconds for container shutdown when attached or when containers are already running'],
    ['--abort-on-container-exit', 'Stops all containers if any container was stopped. Incompatible with -d'],
    ['--exit-code-from string', 'Return the exit code of the selected service container. Implies --abort-on-container-exit'],
    ['--build', 'Build images before starting containers'],
    ['--no-build', "Don't build an image, even if it's policy"],
    ['--quiet-pull', 'Pull without printing progress information'],
    ['--no-color', 'Produce monochrome output'],
    ['--no-log-prefix', "Don't print prefix in logs"],
    ['--ansi string', 'Control when to print ANSI control characters ("never"|"always"|"auto") (default "auto")'],
    ['--menu', 'Enable interactive shortcuts when running attached (accepted; Berth has no menu)'],
    ['-w, --watch', 'Watch source code and sync, rebuild or restart services when files change; with -d, in the background'],
    ['--pull string', 'Pull image before running ("always"|"missing"|"never"|"build"|"policy") (default "policy")'],
  ],
} as const;

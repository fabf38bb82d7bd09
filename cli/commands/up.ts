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
  'no-color': { type: 'boolean' },
  'no-log-prefix': { type: 'boolean' },
  // compose's global --ansi never|always|auto: colours of the attached logs
  ansi: { type: 'string' },
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
    // compose up's build step: missing images (and all with --build) are built before the plan.
    if (!v['dry-run']) await buildForUp(client, project, positionals, { build: v.build, noBuild: v['no-build'] }, lineWriter(ctx.stderr, true));
    const res = await up(session, project, {
      services: positionals, forceRecreate: v['force-recreate'], noRecreate: v['no-recreate'], alwaysRecreateDeps: v['always-recreate-deps'],
      noDeps: v['no-deps'], scale: parseScale(v.scale), removeOrphans: v['remove-orphans'], noStart: v['no-start'],
      renewAnonVolumes: v['renew-anon-volumes'], timeout: seconds('--timeout', v.timeout), dryRun: v['dry-run'],
      wait: v.wait, waitTimeout: seconds('--wait-timeout', v['wait-timeout']),
    });
    for (const w of [...res.plan.warnings, ...(res.result?.warnings ?? [])]) ctx.stderr.write(`WARN ${w}\n`);
    if (v['dry-run']) { ctx.stdout.write(renderPlan(res.plan)); return 0; }
    if (detach || v['no-start']) return 0;
    return await attachForeground(session, project, {
      services: positionals, abortOnExit: v['abort-on-container-exit'] === true || v['exit-code-from'] !== undefined,
      exitCodeFrom: v['exit-code-from'], color, prefix: v['no-log-prefix'] !== true,
      timeout: seconds('--timeout', v.timeout), out: ctx.stdout, err: ctx.stderr,
    });
  } catch (err) {
    ctx.stderr.write(formatError(err) + '\n');
    return 1;
  } finally {
    client.close();
  }
}

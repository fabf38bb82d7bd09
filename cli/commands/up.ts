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
} as const;

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
  const { values: v, globals, positionals } = parseCommandLine(engineConfigFrom(args, ctx).rest, OPTIONS);
  if (v.build) throw new CoreError('NOT_IMPLEMENTED', 'up --build: building images is not supported yet; load the image with `berth image load`');
  if (v['exit-code-from'] !== undefined && v.detach) throw new CoreError('INVALID_ARGUMENT', '--exit-code-from and --detach are incompatible');
  const detach = v.detach === true || v.wait === true;
  const project = loadComposeProject(globals, ctx, positionals);
  const { client, session } = await connectCompose(args, ctx, { progress: v['dry-run'] !== true });
  try {
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
      exitCodeFrom: v['exit-code-from'], color: v['no-color'] !== true && (ctx.stdout as { isTTY?: boolean }).isTTY === true, prefix: v['no-log-prefix'] !== true,
      timeout: seconds('--timeout', v.timeout), out: ctx.stdout, err: ctx.stderr,
    });
  } catch (err) {
    ctx.stderr.write(formatError(err) + '\n');
    return 1;
  } finally {
    client.close();
  }
}

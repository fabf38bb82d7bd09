// `berth dash`: the terminal dashboard of a project (cli/dash, ink), fed through core/dash. Loaded
// lazily from the command table, and ink/React only once a terminal is there: no hot bundle
// carries them. Without a terminal it refuses and points at ps / logs -f.
import { formatHelp } from '../help';
import { setTimeout as delay } from 'node:timers/promises';
import { parseCommandLine } from '../args/compose-flags';
import { connectCompose, engineConfigFrom, loadComposeProject, projectNameOr, type CommandContext } from '../render/compose-setup';
import { DashModel } from '../../core/dash/model';
import { dashHooks } from './dash-hooks';

const OPTIONS = {
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const help = {
  usage: 'berth dash [OPTIONS]',
  summary: 'A live terminal dashboard of the project: services, logs, events, and their actions',
  flags: [
    ['--no-color', 'Produce monochrome output (so does NO_COLOR)'],
    ['-h, --help', 'Print this help'],
  ],
} as const;

const isTty = (s: unknown): boolean => (s as { isTTY?: boolean }).isTTY === true;

/**
 * ink renders nothing but the last frame when it believes it runs in CI (is-in-ci reads CI and
 * CONTINUOUS_INTEGRATION once, when ink loads), and chalk's supports-color turns colours off when
 * CI is set at all; a dashboard on a terminal is interactive whatever those say, so they are unset
 * while ink and chalk load and put back after. `fetch` is hidden meanwhile too: yoga (ink's
 * layout) loads its wasm from a data: URL with fetch when there is one, and node's first fetch
 * loads undici: measured 125 -> 86 ms of CPU to import the ink chunk without it (the fallback
 * decodes the same bytes).
 */
async function whileInkLoads<T>(load: () => Promise<T>): Promise<T> {
  const keys = ['CI', 'CONTINUOUS_INTEGRATION'] as const;
  const saved = keys.map((k) => [k, process.env[k]] as const);
  for (const k of keys) delete process.env[k];
  const fetch = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (fetch?.configurable) delete (globalThis as { fetch?: unknown }).fetch;
  try {
    return await load();
  } finally {
    for (const [k, v] of saved) if (v !== undefined) process.env[k] = v;
    if (fetch?.configurable) Object.defineProperty(globalThis, 'fetch', fetch);
  }
}

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { config, rest } = engineConfigFrom(args, ctx);
  const { values: v, globals } = parseCommandLine(rest, OPTIONS);
  if (v.help) { ctx.stdout.write(formatHelp(help)); return 0; }
  if (!isTty(process.stdin) || !isTty(ctx.stdout)) {
    ctx.stderr.write('berth dash needs a terminal. Without one, use `berth ps` for the services and `berth logs -f` for the logs.\n');
    return 1;
  }
  // ink and React are the biggest load: started first, so reading them overlaps the project load
  const ui = whileInkLoads(() => import('../dash/run-dash'));
  const target = projectNameOr(globals, ctx);
  const { client, session } = await connectCompose(args, ctx, { progress: false, parallel: globals.parallel });
  const model = new DashModel({
    session, project: target.project, projectName: target.name, hooks: dashHooks(globals, config, ctx),
    withService: (svc) => loadComposeProject(globals, ctx, [svc]),
    now: () => Date.now(),
    timer: (fn, ms) => { const ctl = new AbortController(); delay(ms, undefined, { signal: ctl.signal }).then(fn, () => undefined); return () => ctl.abort(); },
  });
  try {
    const started = model.start();
    const { runDash } = await ui;
    const color = v['no-color'] !== true && (ctx.env.NO_COLOR ?? '') === '';
    // the inspects, the plan and the stats/log streams start once the first frame is on screen
    await runDash({ model, color, onFirstFrame: () => { void started.then(() => model.follow()); }, berthArgv: [process.execPath, process.argv[1]!, ...args.filter((a) => a !== '--no-color')] });
    await started.catch(() => undefined);
    return 0;
  } finally {
    model.close();
    client.close();
  }
}

// `berth dash`: the terminal dashboard of a project (cli/dash, ink), fed through core/dash. A HOT
// bundle of its own (cli/main.ts, scripts/build.mjs: ink and React in it, through the code cache);
// ink/React load only once a terminal is there. Without a terminal it refuses and points at ps /
// logs -f. The first frame is drawn from one listing (core/dash/early-model.ts), before the
// compose file and the model's machinery load (dash-model.ts): they cost more than the rest of
// that frame (bench/dash.bench.ts).
import { existsSync } from 'node:fs';
import { formatHelp } from '../help';
import { parseCommandLine, type ComposeGlobals } from '../args/compose-flags';
import { connectEngine, engineConfigFrom } from './engine-connect';
import { projectNameOnly } from '../render/project-name';
import type { CommandContext } from '../context';
import { composeContainers, EarlyModel, lookOf, type FirstLook } from '../../core/dash/early-model';
import type { EngineClient, EngineConfig } from '../../core/engine/index';

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

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { config, rest } = engineConfigFrom(args, ctx);
  const { values: v, globals } = parseCommandLine(rest, OPTIONS);
  if (v.help) { ctx.stdout.write(formatHelp(help)); return 0; }
  if (!isTty(process.stdin) || !isTty(ctx.stdout)) {
    ctx.stderr.write('berth dash needs a terminal. Without one, use `berth ps` for the services and `berth logs -f` for the logs.\n');
    return 1;
  }
  const { client } = await connectEngine(args, ctx);
  let early: EarlyModel | undefined;
  try {
    // A running engine (its socket there) answers the listing while the compose file is read for
    // the project's name; without one the name comes first: a dash that fails for want of a
    // compose file starts no engine.
    const running = existsSync(config.socketPath) ? composeContainers({ client }) : undefined;
    running?.catch(() => undefined);
    const name = projectNameOnly(globals, ctx);
    const model = new EarlyModel(name);
    early = model;
    // ink loads while the engine answers, once the requests are on the wire: the connection
    // completes on the loop's next turn (pending callbacks), so ink waits for the check phase
    // after it. ink's first frame then has the rows.
    const looking = (running ?? composeContainers({ client })).then((all) => lookOf(all, name), (err: unknown) => ({ error: message(err) }));
    for (let turn = 0; turn < 2; turn++) await new Promise(setImmediate);
    const { runDash } = await whileInkLoads(() => import('../dash/run-dash'));
    const first = await looking;
    model.show(first, Date.now());
    const color = v['no-color'] !== true && (ctx.env.NO_COLOR ?? '') === '';
    let following: Promise<void> | undefined;
    // the frame is written when ink's render returns: the full model loads on the next turn
    const onFirstFrame = (): void => { following ??= new Promise(setImmediate).then(() => follow(model, { client, config, globals, ctx, name, first: 'error' in first ? undefined : first })); };
    await runDash({ model, color, onFirstFrame, berthArgv: [process.execPath, process.argv[1]!, ...args.filter((a) => a !== '--no-color')] });
    await following;
    return 0;
  } finally {
    early?.close();
    client.close();
  }
}

/** The full model (compose file, inspects, plan, events, stats and log streams) behind `early`. */
async function follow(early: EarlyModel, i: { client: EngineClient; config: EngineConfig; globals: ComposeGlobals; ctx: CommandContext; name: string; first?: FirstLook }): Promise<void> {
  try {
    const { dashModel } = await import('./dash-model');
    const model = dashModel(i);
    early.attach(model);
    await model.follow();
  } catch (err) {
    early.show({ error: message(err) }, Date.now());
  }
}

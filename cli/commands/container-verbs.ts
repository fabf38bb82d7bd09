// The one-line container verbs: start [-a] [-i], stop/restart [-t N] [-s SIG], kill [-s SIG],
// pause, unpause, rm [-f] [-v], wait. Each takes several containers and, as the docker CLI does,
// prints each name given (or the exit code, for wait) and reports failures per container.
import { connectEngine } from './engine-connect';
import { bool, parseArgs, str, type FlagSpec, type FlagValues } from './engine-args';
import { pumpAttached } from './container-stdio';
import type { CommandContext } from '../context';
import { forEachName } from './each-name';
import type { ContainerHandle } from '../../core/engine/index';

type Act = (c: ContainerHandle, f: FlagValues, ctx: CommandContext) => Promise<string | undefined>;

const timeout = (f: FlagValues): number | undefined => (str(f, 'time') === undefined ? undefined : Number(str(f, 'time')));

const VERBS: Record<string, { flags: Record<string, FlagSpec>; act: Act }> = {
  start: { flags: { attach: { short: 'a', type: 'bool' }, interactive: { short: 'i', type: 'bool' } }, act: async (c) => { await c.start(); return c.id; } },
  stop: { flags: { time: { short: 't', type: 'string' }, timeout: { type: 'string' }, signal: { short: 's', type: 'string' } }, act: async (c, f) => { await c.stop({ t: timeout(f) ?? num(str(f, 'timeout')), signal: str(f, 'signal') }); return c.id; } },
  restart: { flags: { time: { short: 't', type: 'string' }, signal: { short: 's', type: 'string' } }, act: async (c, f) => { await c.restart({ t: timeout(f), signal: str(f, 'signal') }); return c.id; } },
  kill: { flags: { signal: { short: 's', type: 'string' } }, act: async (c, f) => { await c.kill(str(f, 'signal')); return c.id; } },
  pause: { flags: {}, act: async (c) => { await c.pause(); return c.id; } },
  unpause: { flags: {}, act: async (c) => { await c.unpause(); return c.id; } },
  rm: { flags: { force: { short: 'f', type: 'bool' }, volumes: { short: 'v', type: 'bool' }, link: { short: 'l', type: 'bool' } }, act: async (c, f) => { await c.remove({ force: bool(f, 'force'), v: bool(f, 'volumes') }); return c.id; } },
  wait: { flags: {}, act: async (c) => String((await (await c.wait('not-running')).result).StatusCode) },
};
VERBS.remove = VERBS.rm;

function num(v: string | undefined): number | undefined {
  return v === undefined ? undefined : Number(v);
}

export async function runVerb(verb: string, args: string[], ctx: CommandContext): Promise<number> {
  const spec = VERBS[verb];
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, spec.flags);
    if (positionals.length === 0) {
      ctx.stderr.write(`berth container ${verb}: requires at least 1 argument\n`);
      return 1;
    }
    if (verb === 'start' && (bool(flags, 'attach') || bool(flags, 'interactive'))) return await startAttached(client.getContainer(positionals[0]), flags, ctx);
    return await forEachName(positionals, ctx, 'Error response from daemon: ', async (ref) => {
      const out = await spec.act(client.getContainer(ref), flags, ctx);
      ctx.stdout.write(`${verb === 'wait' ? out : ref}\n`);
    });
  } finally {
    client.close();
  }
}

/** `start -a [-i]`: attach first, then start, stream, and exit with the container's status. */
async function startAttached(c: ContainerHandle, f: FlagValues, ctx: CommandContext): Promise<number> {
  const info = await c.inspect();
  const interactive = bool(f, 'interactive');
  const stream = await c.attach({ stdin: interactive, stdout: true, stderr: true, stream: true });
  const { result } = await c.wait('next-exit');
  await c.start();
  await pumpAttached(stream, { stdin: interactive ? process.stdin : undefined, stdout: ctx.stdout, stderr: ctx.stderr }, info.Config.Tty === true);
  return (await result).StatusCode;
}

const TIME: readonly [string, string] = ['-t, --time int', 'Seconds to wait before killing the container'];
const SIGNAL: readonly [string, string] = ['-s, --signal string', 'Signal to send to the container'];

/** `berth container VERB --help` for each verb above, in the docker CLI's words. */
export const VERB_HELP = {
  start: { usage: 'berth container start [OPTIONS] CONTAINER [CONTAINER...]', summary: 'Start one or more stopped containers', flags: [['-a, --attach', 'Attach STDOUT/STDERR and forward signals'], ['-i, --interactive', "Attach container's STDIN"]] },
  stop: { usage: 'berth container stop [OPTIONS] CONTAINER [CONTAINER...]', summary: 'Stop one or more running containers', flags: [TIME, ['--timeout int', 'Seconds to wait before killing the container (alias of --time)'], SIGNAL] },
  restart: { usage: 'berth container restart [OPTIONS] CONTAINER [CONTAINER...]', summary: 'Restart one or more containers', flags: [TIME, SIGNAL] },
  kill: { usage: 'berth container kill [OPTIONS] CONTAINER [CONTAINER...]', summary: 'Kill one or more running containers', flags: [['-s, --signal string', 'Signal to send to the container (default "KILL")']] },
  pause: { usage: 'berth container pause CONTAINER [CONTAINER...]', summary: 'Pause all processes within one or more containers', flags: [] },
  unpause: { usage: 'berth container unpause CONTAINER [CONTAINER...]', summary: 'Unpause all processes within one or more containers', flags: [] },
  rm: { usage: 'berth container rm [OPTIONS] CONTAINER [CONTAINER...]', summary: 'Remove one or more containers', flags: [['-f, --force', 'Force the removal of a running container (uses SIGKILL)'], ['-v, --volumes', 'Remove anonymous volumes associated with the container'], ['-l, --link', 'Remove the specified link (accepted; Berth has no links)']] },
  wait: { usage: 'berth container wait CONTAINER [CONTAINER...]', summary: 'Block until one or more containers stop, then print their exit codes', flags: [] },
} as const satisfies Record<string, { usage: string; summary: string; flags: readonly (readonly [string, string])[] }>;

/** Each verb's flag table, for the help test (test/cli/help.test.ts) to hold VERB_HELP to. */
export const VERB_FLAGS: Record<string, Record<string, FlagSpec>> = Object.fromEntries(Object.entries(VERBS).map(([v, s]) => [v, s.flags]));

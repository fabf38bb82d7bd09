// `berth run [--rm] [-d] [-e K=V] [--entrypoint X] [-u U] [-w DIR] [-v S:T] [-p P] [--service-ports]
// [--no-deps] [-T] [--name N] SERVICE [COMMAND...]` (compose run): dependencies up first, then a
// one-off container attached to the terminal; exit code = the container's.
import { composeCommand, requireProject, splitAtService, type CommandContext } from '../render/compose-setup';
import { oneOffConfig } from '../../core/compose/one-off';
import { up } from '../../core/compose/up';
import { CoreError } from '../../core/errors';
import { pumpAttached } from './container-stdio';

const OPTIONS = {
  rm: { type: 'boolean' },
  detach: { type: 'boolean', short: 'd' },
  env: { type: 'string', short: 'e', multiple: true },
  entrypoint: { type: 'string' },
  user: { type: 'string', short: 'u' },
  workdir: { type: 'string', short: 'w' },
  volume: { type: 'string', short: 'v', multiple: true },
  publish: { type: 'string', short: 'p', multiple: true },
  'service-ports': { type: 'boolean' },
  'no-deps': { type: 'boolean' },
  'no-tty': { type: 'boolean', short: 'T' },
  interactive: { type: 'boolean', short: 'i' },
  name: { type: 'string' },
} as const;

export function run(args: string[], ctx: CommandContext): Promise<number> {
  const { head, tail } = splitAtService(args, ['-e', '--env', '--entrypoint', '-u', '--user', '-w', '--workdir', '-v', '--volume', '-p', '--publish', '--name']);
  return composeCommand(head, ctx, OPTIONS, async ({ values: v, positionals, project: p, session }) => {
    const project = requireProject(p);
    const [service] = positionals;
    if (service === undefined) throw new CoreError('INVALID_ARGUMENT', 'run: requires SERVICE');
    // networks and volumes of the service, and its dependencies unless --no-deps (compose run.go)
    await up(session, project, { oneOff: service, noDeps: v['no-deps'] === true, ignoreOrphans: true });
    const tty = v['no-tty'] !== true && process.stdin.isTTY === true;
    const { name, body } = oneOffConfig(project, service, {
      command: tail, entrypoint: v.entrypoint, env: v.env ?? [], user: v.user, workdir: v.workdir, volumes: v.volume ?? [],
      publish: v.publish ?? [], servicePorts: v['service-ports'] === true, tty, interactive: tty || v.interactive === true,
      autoRemove: v.rm === true && v.detach !== true, name: v.name,
    });
    const { Id } = await session.client.createContainer(body, name);
    const c = session.client.getContainer(Id);
    if (v.detach) { await c.start(); ctx.stdout.write(`${name}\n`); return 0; }
    const attached = await c.attach({ stdin: body.OpenStdin, stdout: true, stderr: true, stream: true });
    const { result } = await c.wait(v.rm ? 'removed' : 'next-exit');
    // a failed start ends the wait too: its rejection is the start's error, reported once
    result.catch(() => undefined);
    await c.start();
    await pumpAttached(attached, { stdin: body.OpenStdin ? process.stdin : undefined, stdout: ctx.stdout, stderr: ctx.stderr }, tty);
    return (await result).StatusCode;
  }, { progress: true, creates: (positionals) => positionals.slice(0, 1) });
}

export const help = {
  usage: 'berth run [OPTIONS] SERVICE [COMMAND] [ARGS...]',
  summary: 'Run a one-off command on a service',
  flags: [
    ['--rm', 'Automatically remove the container when it exits'],
    ['-d, --detach', 'Run container in background and print container ID'],
    ['-e, --env stringArray', 'Set environment variables'],
    ['--entrypoint string', 'Override the entrypoint of the image'],
    ['-u, --user string', 'Run as specified username or uid'],
    ['-w, --workdir string', 'Working directory inside the container'],
    ['-v, --volume stringArray', 'Bind mount a volume'],
    ['-p, --publish stringArray', "Publish a container's port(s) to the host"],
    ['--service-ports', "Run command with all service's ports enabled and mapped to the host"],
    ['--no-deps', "Don't start linked services"],
    ['-T, --no-tty', 'Disable pseudo-TTY allocation (default: auto-detected)'],
    ['-i, --interactive', 'Keep STDIN open even if not attached (default true)'],
    ['--name string', 'Assign a name to the container'],
  ],
} as const;

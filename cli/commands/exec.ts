// `berth exec [-d] [-T] [-e K=V] [-u USER] [-w DIR] [--index N] SERVICE COMMAND...` (compose exec):
// a process in the service's running container; a TTY unless -T, stdin attached; exit code = the process's.
import { composeCommand, splitAtService, type CommandContext } from '../render/compose-setup';
import { serviceContainerId } from '../../core/compose/one-off';
import { CoreError } from '../../core/errors';
import { pumpAttached } from './container-stdio';

const OPTIONS = {
  detach: { type: 'boolean', short: 'd' },
  'no-tty': { type: 'boolean', short: 'T' },
  tty: { type: 'boolean', short: 't' },
  interactive: { type: 'boolean', short: 'i' },
  env: { type: 'string', short: 'e', multiple: true },
  user: { type: 'string', short: 'u' },
  workdir: { type: 'string', short: 'w' },
  index: { type: 'string' },
  privileged: { type: 'boolean' },
} as const;

export function run(args: string[], ctx: CommandContext): Promise<number> {
  const { head, tail } = splitAtService(args, ['-e', '--env', '-u', '--user', '-w', '--workdir', '--index']);
  return composeCommand(head, ctx, OPTIONS, async ({ values: v, positionals, name, session }) => {
    const [service] = positionals;
    if (service === undefined || tail.length === 0) throw new CoreError('INVALID_ARGUMENT', 'exec: requires SERVICE COMMAND');
    const id = await serviceContainerId(session, name, service, Number(v.index ?? '1'));
    // compose: a TTY by default when our stdin is one; -T turns it off
    const tty = v['no-tty'] !== true && (process.stdin.isTTY === true || v.tty === true);
    const detach = v.detach === true;
    const exec = await session.client.getContainer(id).exec({
      Cmd: tail, Tty: tty, AttachStdin: !detach && v['no-tty'] !== true && process.stdin.isTTY === true, AttachStdout: !detach, AttachStderr: !detach,
      Env: v.env ?? [], User: v.user, WorkingDir: v.workdir, Privileged: v.privileged === true,
    });
    if (detach) { await exec.startDetached(); return 0; }
    const stream = await exec.start({ Tty: tty });
    await pumpAttached(stream, { stdin: tty && process.stdin.isTTY ? process.stdin : undefined, stdout: ctx.stdout, stderr: ctx.stderr }, tty);
    return (await exec.inspect()).ExitCode ?? 0;
  });
}

export const help = {
  usage: 'berth exec [OPTIONS] SERVICE COMMAND [ARGS...]',
  summary: 'Execute a command in a running container',
  flags: [
    ['-d, --detach', 'Detached mode: Run command in the background'],
    ['-T, --no-tty', 'Disable pseudo-TTY allocation. By default `berth exec` allocates a TTY.'],
    ['-t, --tty', 'Allocate a pseudo-TTY'],
    ['-i, --interactive', 'Keep STDIN open even if not attached (default true)'],
    ['-e, --env stringArray', 'Set environment variables'],
    ['-u, --user string', 'Run the command as this user'],
    ['-w, --workdir string', 'Path to workdir directory for this command'],
    ['--index int', 'Index of the container if service has multiple replicas'],
    ['--privileged', 'Give extended privileges to the process'],
  ],
} as const;

// `berth container exec [-d] [-i] [-t] [-e K=V] [-u USER] [-w DIR] [--privileged] CONTAINER CMD...`:
// create, start hijacked, stream, then read the exit code from `GET /exec/{id}/json`, as docker does.
import { connectEngine } from './engine-connect';
import { bool, list, parseArgs, splitAtPositional, str, type FlagSpec } from './engine-args';
import { pumpAttached } from './container-stdio';
import type { CommandContext } from '../context';

const EXEC_FLAGS: Record<string, FlagSpec> = {
  detach: { short: 'd', type: 'bool' }, interactive: { short: 'i', type: 'bool' }, tty: { short: 't', type: 'bool' },
  env: { short: 'e', type: 'list' }, user: { short: 'u', type: 'string' }, workdir: { short: 'w', type: 'string' },
  privileged: { type: 'bool' }, 'detach-keys': { type: 'string' },
};

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { head, tail } = splitAtPositional(args, EXEC_FLAGS);
  const { client, rest } = await connectEngine(head, ctx);
  try {
    const { flags, positionals } = parseArgs([...rest, ...tail], EXEC_FLAGS, true);
    const [ref, ...cmd] = positionals;
    if (!ref || cmd.length === 0) {
      ctx.stderr.write('berth container exec: requires at least 2 arguments (CONTAINER COMMAND)\n');
      return 1;
    }
    const c = client.getContainer(ref);
    const interactive = bool(flags, 'interactive');
    const tty = bool(flags, 'tty');
    const detach = bool(flags, 'detach');
    const exec = await c.exec({
      Cmd: cmd, Tty: tty, AttachStdin: interactive && !detach, AttachStdout: !detach, AttachStderr: !detach,
      Env: list(flags, 'env'), User: str(flags, 'user'), WorkingDir: str(flags, 'workdir'), Privileged: bool(flags, 'privileged'),
    });
    if (detach) {
      await exec.startDetached();
      return 0;
    }
    const stream = await exec.start({ Tty: tty });
    await pumpAttached(stream, { stdin: interactive ? process.stdin : undefined, stdout: ctx.stdout, stderr: ctx.stderr }, tty);
    const info = await exec.inspect();
    return info.ExitCode ?? 0;
  } finally {
    client.close();
  }
}

export const help = {
  usage: 'berth container exec [OPTIONS] CONTAINER COMMAND [ARG...]',
  summary: 'Execute a command in a running container',
  flags: [
    ['-d, --detach', 'Detached mode: run command in the background'],
    ['-i, --interactive', 'Keep STDIN open even if not attached'],
    ['-t, --tty', 'Allocate a pseudo-TTY'],
    ['-e, --env list', 'Set environment variables'],
    ['-u, --user string', 'Username or UID (format: "<name|uid>[:<group|gid>]")'],
    ['-w, --workdir string', 'Working directory inside the container'],
    ['--privileged', 'Give extended privileges to the command'],
    ['--detach-keys string', 'Override the key sequence for detaching a container'],
  ],
} as const;

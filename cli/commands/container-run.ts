// `berth container run|create [OPTIONS] IMAGE [COMMAND] [ARG...]`, in the docker CLI's order:
// create; then for run: attach (before start, so no output is lost), wait (condition `removed`
// with --rm, else `next-exit`, registered before start), start; print the id when detached, else
// stream and exit with the container's status.
import { connectEngine } from './engine-connect';
import { bool, parseArgs, splitAtPositional, str } from './engine-args';
import { CREATE_FLAGS, createBody } from './container-create-flags';
import { pumpAttached } from './container-stdio';
import type { CommandContext } from '../context';
import type { AttachedStream, ContainerHandle } from '../../core/engine/index';
import type { ContainerWaitResponse } from '../../runtime/api/types';
import { formatError } from '../format-error';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  return runOrCreate(args, ctx, true);
}

export async function runOrCreate(args: string[], ctx: CommandContext, start: boolean): Promise<number> {
  const { head, tail } = splitAtPositional(args, CREATE_FLAGS);
  const { client, rest } = await connectEngine(head, ctx);
  try {
    const { flags, positionals } = parseArgs([...rest, ...tail], CREATE_FLAGS, true);
    const [image, ...cmd] = positionals;
    if (!image) {
      ctx.stderr.write(`berth container ${start ? 'run' : 'create'}: requires at least 1 argument (IMAGE)\n`);
      return 125;
    }
    const body = createBody(flags, image, cmd, ctx.env);
    const { Id, Warnings } = await client.createContainer(body, str(flags, 'name'));
    for (const w of Warnings ?? []) ctx.stderr.write(`WARNING: ${w}\n`);
    if (!start) {
      ctx.stdout.write(`${Id}\n`);
      return 0;
    }
    return await startRun(client.getContainer(Id), flags, ctx);
  } catch (err) {
    // As `docker run`: 125 when the engine refused (create, start), not the container's status.
    ctx.stderr.write(formatError(err) + '\n');
    return 125;
  } finally {
    client.close();
  }
}

async function startRun(c: ContainerHandle, flags: ReturnType<typeof parseArgs>['flags'], ctx: CommandContext): Promise<number> {
  const detached = bool(flags, 'detach');
  const tty = bool(flags, 'tty');
  const interactive = bool(flags, 'interactive');
  const { attached, result } = await attachAndWait(c, detached ? undefined : { stdin: interactive }, bool(flags, 'rm'));
  try {
    await c.start();
  } catch (err) {
    attached?.socket.destroy();
    if (bool(flags, 'rm')) await c.remove({ force: true }).catch(() => undefined);
    throw err;
  }
  if (!attached) {
    result.catch(() => undefined);
    ctx.stdout.write(`${c.id}\n`);
    return 0;
  }
  const unproxy = proxySignals(c, flags['sig-proxy'] !== false);
  try {
    const io = { stdin: interactive ? process.stdin : undefined, stdout: ctx.stdout, stderr: ctx.stderr };
    await pumpAttached(attached, io, tty);
    const status = await result;
    if (status.Error?.Message) ctx.stderr.write(`berth: ${status.Error.Message}\n`);
    return status.StatusCode;
  } finally {
    unproxy();
  }
}

/**
 * Attach (unless detached) and wait, both registered before start. They are independent requests
 * on two connections, so they go out together: one round trip to the engine instead of two.
 */
async function attachAndWait(c: ContainerHandle, attach: { stdin: boolean } | undefined, rm: boolean): Promise<{ attached: AttachedStream | undefined; result: Promise<ContainerWaitResponse> }> {
  const attaching = attach ? c.attach({ stdin: attach.stdin, stdout: true, stderr: true, stream: true }) : Promise.resolve(undefined);
  const [a, w] = await Promise.allSettled([attaching, c.wait(rm ? 'removed' : 'next-exit')]);
  if (a.status === 'fulfilled' && w.status === 'fulfilled') return { attached: a.value, result: w.value.result };
  // One failed: close what the other opened before reporting the failure.
  if (a.status === 'fulfilled') a.value?.socket.destroy();
  if (w.status === 'fulfilled') w.value.result.catch(() => undefined);
  throw a.status === 'rejected' ? a.reason : (w as PromiseRejectedResult).reason;
}

/** --sig-proxy (default on): SIGINT/SIGTERM/SIGHUP received by the CLI go to the container. */
function proxySignals(c: ContainerHandle, enabled: boolean): () => void {
  if (!enabled) return () => undefined;
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((sig) => {
    const h = (): void => { c.kill(sig).catch(() => undefined); };
    process.on(sig, h);
    return [sig, h] as const;
  });
  return () => { for (const [sig, h] of handlers) process.off(sig, h); };
}

export const help = {
  usage: 'berth container run [OPTIONS] IMAGE [COMMAND] [ARG...]',
  summary: 'Create and run a new container from an image',
  flags: [
    ['--name string', 'Assign a name to the container'],
    ['-d, --detach', 'Run container in background and print container ID'],
    ['--rm', 'Automatically remove the container and its associated anonymous volumes when it exits'],
    ['-i, --interactive', 'Keep STDIN open even if not attached'],
    ['-t, --tty', 'Allocate a pseudo-TTY'],
    ['-e, --env list', 'Set environment variables'],
    ['--env-file list', 'Read in a file of environment variables'],
    ['-l, --label list', 'Set meta data on a container'],
    ['-v, --volume list', 'Bind mount a volume'],
    ['--mount mount', 'Attach a filesystem mount to the container'],
    ['--tmpfs list', 'Mount a tmpfs directory'],
    ['-p, --publish list', "Publish a container's port(s) to the host"],
    ['--expose list', 'Expose a port or a range of ports'],
    ['-w, --workdir string', 'Working directory inside the container'],
    ['-u, --user string', 'Username or UID (format: <name|uid>[:<group|gid>])'],
    ['--entrypoint string', 'Overwrite the default ENTRYPOINT of the image'],
    ['-h, --hostname string', 'Container host name'],
    ['--network network', 'Connect a container to a network'],
    ['--net network', 'Connect a container to a network (alias of --network)'],
    ['--network-alias list', 'Add network-scoped alias for the container'],
    ['-m, --memory bytes', 'Memory limit'],
    ['--cpus decimal', 'Number of CPUs'],
    ['-c, --cpu-shares int', 'CPU shares (relative weight)'],
    ['--pids-limit int', 'Tune container pids limit (set -1 for unlimited)'],
    ['--cap-add list', 'Add Linux capabilities'],
    ['--device list', 'Add a host device to the container (SRC[:DST][:PERMS])'],
    ['--cap-drop list', 'Drop Linux capabilities'],
    ['--privileged', 'Give extended privileges to this container'],
    ['--read-only', "Mount the container's root filesystem as read only"],
    ['--init', 'Run an init inside the container that forwards signals and reaps processes'],
    ['--restart string', 'Restart policy to apply when a container exits (default "no")'],
    ['--stop-signal string', 'Signal to stop the container'],
    ['--stop-timeout int', 'Timeout (in seconds) to stop a container'],
    ['--ulimit ulimit', 'Ulimit options'],
    ['--security-opt list', 'Security Options'],
    ['--shm-size bytes', 'Size of /dev/shm'],
    ['--add-host list', 'Add a custom host-to-IP mapping (host:ip)'],
    ['--dns list', 'Set custom DNS servers'],
    ['--sig-proxy', 'Proxy received signals to the process (default true)'],
    ['--health-cmd string', 'Command to run to check health'],
    ['--health-interval duration', 'Time between running the check (ms|s|m|h) (default 0s)'],
    ['--health-retries int', 'Consecutive failures needed to report unhealthy'],
    ['--no-healthcheck', 'Disable any container-specified HEALTHCHECK'],
    ['--platform string', 'Set platform if server is multi-platform capable'],
    ['--pull string', 'Pull image before running ("always", "missing", "never") (default "missing")'],
    ['-q, --quiet', 'Suppress the pull output'],
  ],
} as const;

// `berth container create [OPTIONS] IMAGE [COMMAND] [ARG...]`: prints the new container's id.
import { runOrCreate } from './container-run';
import type { CommandContext } from '../context';

export function run(args: string[], ctx: CommandContext): Promise<number> {
  return runOrCreate(args, ctx, false);
}

export const help = {
  usage: 'berth container create [OPTIONS] IMAGE [COMMAND] [ARG...]',
  summary: 'Create a new container',
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

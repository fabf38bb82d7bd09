// `berth plan`: what `up` would do and why (each operation with its cause), changing nothing.
// Takes up's flags (`--force-recreate`, `--scale`, services...).
import type { CommandContext } from '../render/compose-setup';
import { run as runUp } from './up';

export function run(args: string[], ctx: CommandContext): Promise<number> {
  return runUp([...args, '--dry-run'], ctx);
}

export const help = {
  usage: 'berth plan [OPTIONS] [SERVICE...]',
  summary: "Show what `up` would do and why, each operation with its cause, changing nothing (takes up's options)",
  flags: [
    ['-d, --detach', 'Detached mode: Run containers in the background'],
    ['--wait', 'Wait for services to be running|healthy. Implies detached mode.'],
    ['--wait-timeout int', 'Maximum duration in seconds to wait for the project to be running|healthy'],
    ['--force-recreate', "Recreate containers even if their configuration and image haven't changed"],
    ['--no-recreate', "If containers already exist, don't recreate them. Incompatible with --force-recreate."],
    ['--always-recreate-deps', 'Recreate dependent containers. Incompatible with --no-recreate.'],
    ['--no-deps', "Don't start linked services"],
    ['--scale scale', 'Scale SERVICE to NUM instances. Overrides the scale setting in the Compose file if present.'],
    ['--remove-orphans', 'Remove containers for services not defined in the Compose file'],
    ['--no-start', "Don't start the services after creating them"],
    ['-V, --renew-anon-volumes', 'Recreate anonymous volumes instead of retrieving data from the previous containers'],
    ['-t, --timeout int', 'Use this timeout in seconds for container shutdown when attached or when containers are already running'],
    ['--abort-on-container-exit', 'Stops all containers if any container was stopped. Incompatible with -d'],
    ['--exit-code-from string', 'Return the exit code of the selected service container. Implies --abort-on-container-exit'],
    ['--build', 'Build images before starting containers'],
    ['--no-build', "Don't build an image, even if it's policy"],
    ['--quiet-pull', 'Pull without printing progress information'],
    ['--no-color', 'Produce monochrome output'],
    ['--no-log-prefix', "Don't print prefix in logs"],
    ['--ansi string', 'Control when to print ANSI control characters ("never"|"always"|"auto") (default "auto")'],
    ['--menu', 'Enable interactive shortcuts when running attached (accepted; Berth has no menu)'],
    ['--pull string', 'Pull policy up would apply ("always"|"missing"|"never"|"build"|"policy"; plan pulls nothing)'],
    ['-w, --watch', 'Accepted as up takes it; plan starts no watcher'],
    ['--dry-run', 'Implied: plan never changes anything'],
  ],
} as const;

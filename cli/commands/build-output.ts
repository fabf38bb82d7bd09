// How the build commands print a build's stream: one service's output as the engine sends it
// (Step n/N, RUN's own output, Successfully built...); several services' lines prefixed with the
// service name, as compose prefixes parallel output; `--help` text in the convention of the
// other commands.
import type { BuildOutput } from '../../core/compose/build';
import { formatHelp } from '../help';

export interface HelpText {
  usage: string;
  summary: string;
  flags: ReadonlyArray<readonly [string, string]>;
  subcommands?: ReadonlyArray<readonly [string, string]>;
}

/** The help text, as every command prints it (cli/help.ts). */
export function helpText(h: HelpText): string {
  return formatHelp(h);
}

export function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return args.some((a, i) => (end < 0 || i < end) && (a === '--help' || a === '-h'));
}

/** A BuildOutput writing whole lines to `out`, prefixed by the service when `prefix`. */
export function lineWriter(out: NodeJS.WritableStream, prefix: boolean): BuildOutput {
  const partial = new Map<string, string>();
  return (service, text) => {
    const buf = (partial.get(service) ?? '') + text;
    const lines = buf.split('\n');
    partial.set(service, lines.pop() ?? '');
    for (const l of lines) out.write(prefix ? `${service}  | ${l}\n` : `${l}\n`);
  };
}

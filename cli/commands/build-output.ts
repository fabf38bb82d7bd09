// How the build commands print a build's stream: one service's output as the engine sends it
// (Step n/N, RUN's own output, Successfully built...); several services' lines prefixed with the
// service name, as compose prefixes parallel output; `--help` text in the convention of the
// other commands.
import type { BuildOutput } from '../../core/compose/build';

export interface HelpText {
  usage: string;
  summary: string;
  flags: ReadonlyArray<readonly [string, string]>;
}

export function helpText(h: HelpText): string {
  const width = Math.max(...h.flags.map(([f]) => f.length));
  return `Usage:  ${h.usage}\n\n${h.summary}\n\nOptions:\n${h.flags.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`).join('\n')}\n`;
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

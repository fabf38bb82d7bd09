// Prefixed, coloured log lines (compose cmd/formatter/logs.go + colors.go): `<name> | <line>`,
// names padded to one more than the widest (compose computeWidth: width + 1), one colour per
// service from compose's rainbow, in order of appearance. Names are compose's: the container name
// without the `<project>-` prefix (getContainerNameWithoutProject), see logName.
import { Writable } from 'node:stream';

const RAINBOW = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94];

export class LogPrefixer {
  private readonly colours = new Map<string, number>();
  width = 0;

  constructor(private readonly color: boolean, private readonly prefix: boolean) {}

  /** Registers a container name so the padding covers it. */
  add(name: string): void {
    this.width = Math.max(this.width, name.length + 1);
  }

  format(service: string, name: string, line: string): string {
    if (!this.prefix) return line + '\n';
    const pad = name.padEnd(this.width);
    if (!this.color) return `${pad} | ${line}\n`;
    let c = this.colours.get(service);
    if (c === undefined) { c = RAINBOW[this.colours.size % RAINBOW.length]!; this.colours.set(service, c); }
    return `\x1b[${c}m${pad} | \x1b[0m${line}\n`;
  }

  /** A writable that splits what it gets into lines and writes each prefixed to `out`. */
  lineWriter(service: string, name: string, out: Writable): Writable {
    let buf = '';
    return new Writable({
      write: (chunk: Buffer, _enc, done) => {
        buf += chunk.toString('utf8');
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) { out.write(this.format(service, name, buf.slice(0, nl))); buf = buf.slice(nl + 1); }
        done();
      },
      final: (done) => { if (buf !== '') out.write(this.format(service, name, buf)); done(); },
    });
  }
}

/**
 * compose getContainerNameWithoutProject: `web-1` for the default name `<project>-web-1`; a
 * container_name is shown whole.
 */
export function logName(name: string, labels: Record<string, string> | undefined, keys: { project: string; service: string; number: string }): string {
  const project = labels?.[keys.project];
  const defaultName = `${project}-${labels?.[keys.service]}-${labels?.[keys.number]}`;
  return project !== undefined && name === defaultName ? name.slice(project.length + 1) : name;
}

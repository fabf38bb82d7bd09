// Output helpers shared by the container and image commands, as the docker CLI prints: aligned
// tables (3-space gutters), human sizes in decimal units, "N units ago", `--format json` and
// Go-template formats.
import { renderGoTemplate } from '../render/go-template';

/** Docker's units.HumanSize: decimal (kB, MB, GB), 3 significant digits. */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return `${Number(v.toPrecision(3))}${units[i]}`;
}

/** Docker's units.HumanDuration (go-units/duration.go, integer division as Go's), as in "2 hours ago". */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 1) return 'Less than a second';
  if (s === 1) return '1 second';
  if (s < 60) return `${s} seconds`;
  const m = Math.floor(s / 60);
  if (m === 1) return 'About a minute';
  if (m < 60) return `${m} minutes`;
  const h = Math.floor(ms / 3.6e6 + 0.5);
  if (h === 1) return 'About an hour';
  if (h < 48) return `${h} hours`;
  if (h < 24 * 7 * 2) return `${Math.floor(h / 24)} days`;
  if (h < 24 * 30 * 2) return `${Math.floor(h / 24 / 7)} weeks`;
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24 / 30)} months`;
  return `${Math.floor(Math.floor(ms / 3.6e6) / 24 / 365)} years`;
}

export function ago(unixSeconds: number, now = Date.now()): string {
  return `${humanDuration(now - unixSeconds * 1000)} ago`;
}

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] + 3))).join('').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

/** Renders one value with a `--format`: "json", or a Go template (cli/render/go-template). */
export function formatWith(format: string, value: Record<string, unknown>): string {
  if (format === 'json') return JSON.stringify(value);
  return renderGoTemplate(typedEscapes(format), value);
}

/** The docker CLI takes `\t` and `\n` typed in a shell as the characters. */
const typedEscapes = (format: string): string => format.replace(/\\t/g, '\t').replace(/\\n/g, '\n');

/**
 * Rows with a `--format`: `json`, a Go template per row, or `table TEMPLATE`: a header made of
 * each `{{.Field}}`'s name in capitals ("CreatedAt" -> "CREATED AT", or the command's own
 * header), then the rows, their tab-separated cells aligned as the docker CLI's tabwriter does.
 */
export function formatRows(format: string, rows: ReadonlyArray<Record<string, unknown>>, headers: Readonly<Record<string, string>> = {}): string {
  const m = /^table\s*(.*)$/s.exec(format);
  if (!m) return rows.map((r) => formatWith(format, r) + '\n').join('');
  const tmpl = typedEscapes(m[1]!);
  const header = tmpl.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_x, f: string) => headers[f] ?? f.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase());
  const lines = [header, ...rows.map((r) => renderGoTemplate(tmpl, r))];
  const cells = lines.map((l) => l.split('\t'));
  const widths: number[] = [];
  for (const row of cells) row.forEach((c, i) => { widths[i] = Math.max(widths[i] ?? 0, c.length); });
  return cells.map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(Math.max(widths[i]! + 3, 10)))).join('').trimEnd()).join('\n') + '\n';
}

export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

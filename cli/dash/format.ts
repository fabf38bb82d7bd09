// Short renderings of the figures a row holds, sized for an 80-column terminal.
export function bytes(n: number | undefined): string {
  if (n === undefined) return '-';
  const units = ['B', 'K', 'M', 'G', 'T'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v >= 10 || i === 0 ? Math.round(v) : v.toFixed(1)}${units[i]}`;
}

export function duration(sec: number | undefined): string {
  if (sec === undefined) return '-';
  if (sec < 60) return `${sec}s`;
  if (sec < 3600) return `${Math.floor(sec / 60)}m`;
  if (sec < 86400) return `${Math.floor(sec / 3600)}h`;
  return `${Math.floor(sec / 86400)}d`;
}

export function percent(v: number | undefined): string {
  return v === undefined ? '-' : v.toFixed(1);
}

/** Cut to `width` (an ellipsis marks the cut), then pad. */
export function cell(text: string, width: number): string {
  if (width <= 0) return '';
  const t = text.length > width ? text.slice(0, Math.max(0, width - 1)) + '…' : text;
  return t.padEnd(width);
}

/** compose's rainbow (log-prefix.ts) as ink colour names, one per service in order of appearance. */
export const RAINBOW = ['cyan', 'yellow', 'green', 'magenta', 'blue', 'cyanBright', 'yellowBright', 'greenBright', 'magentaBright', 'blueBright'];

export function colourOf(service: string, order: string[]): string {
  const i = order.indexOf(service);
  return RAINBOW[(i < 0 ? order.length : i) % RAINBOW.length]!;
}

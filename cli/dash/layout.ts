// How the rows of the terminal are shared on the main screen: title, services table, note, logs,
// events line, CLI line, key bar. The table gets up to half; the logs what is left (at least 3).
export interface MainLayout { tableRows: number; logRows: number }

const FIXED_LINES = 7;

export function mainLayout(rows: number, services: number): MainLayout {
  const usable = Math.max(6, rows - 1 - FIXED_LINES);
  const tableRows = Math.max(1, Math.min(services, Math.floor(usable / 2)));
  return { tableRows, logRows: Math.max(3, usable - tableRows) };
}

/** With wrapping on, a long line takes several rows: keep the newest that fit in `height`. */
export function fitWrapped<T extends { text: string; name: string }>(lines: T[], height: number, width: number, prefix: number): T[] {
  const out: T[] = [];
  let used = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const rows = Math.max(1, Math.ceil((prefix + 2 + lines[i]!.text.length) / Math.max(1, width)));
    if (used + rows > height) break;
    used += rows;
    out.unshift(lines[i]!);
  }
  return out;
}

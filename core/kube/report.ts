// The list of what did not carry over. Every entry names its compose key and, through the
// loader's source index, the file and line that set it, so a user can find what to rewrite.
import type { Project, ReportEntry, ReportKind, TreePath } from './types';

export class Report {
  private readonly entries: ReportEntry[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly project: Project) {}

  dropped(path: TreePath, reason: string): void {
    this.add(path, 'dropped', reason);
  }

  changed(path: TreePath, reason: string): void {
    this.add(path, 'changed', reason);
  }

  /** In file order (file, line, then key), as a user reads the compose file. */
  list(): ReportEntry[] {
    return [...this.entries].sort((a, b) => cmp(a.file ?? '', b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || cmp(a.key, b.key));
  }

  private add(path: TreePath, kind: ReportKind, reason: string): void {
    const key = path.join('.');
    const id = `${key}\0${reason}`;
    // A key shared by several mounts or ports is told once per reason.
    if (this.seen.has(id)) return;
    this.seen.add(id);
    const pos = this.project.meta.sources?.find(path);
    this.entries.push({ key, ...(pos ? { file: pos.file, line: pos.line } : {}), kind, reason });
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One line per entry, as the issue shows them: `compose.yaml:12: services.web.network_mode: host: no equivalent; dropped`. */
export function formatReport(entries: ReportEntry[], base?: string): string {
  return entries.map((e) => `${where(e, base)}${e.key}: ${e.reason}; ${e.kind}\n`).join('');
}

function where(e: ReportEntry, base?: string): string {
  if (!e.file) return '';
  const file = base && e.file.startsWith(`${base}/`) ? e.file.slice(base.length + 1) : e.file;
  return `${file}:${e.line ?? 0}: `;
}

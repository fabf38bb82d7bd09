// `ps` output: compose's table (NAME IMAGE COMMAND SERVICE CREATED STATUS PORTS) or JSON lines.
import type { PsRow } from '../../core/compose/ps';

export function formatPorts(r: PsRow): string {
  return r.Publishers.map((p) => (p.PublishedPort > 0 ? `${p.URL || '0.0.0.0'}:${p.PublishedPort}->${p.TargetPort}/${p.Protocol}` : `${p.TargetPort}/${p.Protocol}`)).join(', ');
}

function ago(created: number, nowSec: number): string {
  const s = Math.max(0, nowSec - created);
  if (s < 60) return `${s} seconds ago`;
  if (s < 3600) return `${Math.floor(s / 60)} minutes ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} hours ago`;
  return `${Math.floor(s / 86400)} days ago`;
}

export function formatPsTable(rows: PsRow[], nowSec = Math.floor(Date.now() / 1000)): string {
  const table = [['NAME', 'IMAGE', 'COMMAND', 'SERVICE', 'CREATED', 'STATUS', 'PORTS'],
    ...rows.map((r) => [r.Name, r.Image, JSON.stringify(r.Command.length > 20 ? r.Command.slice(0, 19) + '…' : r.Command), r.Service, ago(r.Created, nowSec), r.Status, formatPorts(r)])];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  return table.map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]! + 3))).join('').trimEnd() + '\n').join('');
}

/** One JSON object per line, as `docker compose ps --format json` (v2.21+). */
export function psJson(rows: PsRow[]): string {
  return rows.map((r) => JSON.stringify(r) + '\n').join('');
}

// The two lines above the key bar: the latest events of the project, and the CLI command the last
// action stands for with how it went (the dashboard teaches the CLI).
import type { DashEvent } from '../../core/dash/types';
import type { UiState } from './ui-state';

export function eventsLine(events: DashEvent[]): string {
  if (events.length === 0) return 'events: (none yet)';
  const last = events.slice(-3).reverse().map((e) => `${new Date(e.time).toISOString().slice(11, 19)} ${e.container} ${e.action}`);
  return `events: ${last.join(' · ')}`;
}

/** One line whatever the error says (a watcher that ended sends its log's last lines). */
const oneLine = (text: string): string => text.trim().replace(/\s*\n\s*/g, ' · ');

export function statusLine(ui: UiState): string {
  const s = ui.status;
  if (s === undefined) return 'every action prints its CLI command here';
  if (s.cli === '') return `! ${oneLine(s.message ?? '')}`;
  if (s.state === 'running') return `$ ${s.cli}  …`;
  return s.ok ? `$ ${s.cli}  ✓ done` : `$ ${s.cli}  ✗ ${oneLine(s.message ?? 'failed')}`;
}

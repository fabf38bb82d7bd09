// The dashboard's own state (what it shows and how), apart from the model's data: a reducer, so
// the key handling is plain functions of (state, command).
import type { ActionOutcome, ServiceDetail } from '../../core/dash/types';
import type { LogFilter } from './log-filter';

export type View = 'main' | 'logs' | 'detail' | 'help' | 'projects';

export interface UiState {
  view: View;
  selected: number;
  projectSel: number;
  filter: LogFilter;
  /** Text being typed: a regex for the log filter, or the down confirmation. */
  prompt?: { kind: 'regex' | 'search'; text: string } | { kind: 'confirm-down' };
  /** The log search (`n`), '' when none; searchAt: the seq of the match shown. */
  search: string;
  searchAt?: number;
  /** Sequence number of the last line shown when the logs were paused; undefined = following. */
  pausedAt?: number;
  scroll: number;
  helpScroll: number;
  timestamps: boolean;
  wrap: boolean;
  /** The CLI equivalent of the last action and how it went. */
  status?: { cli: string; state: 'running' | 'done' } & Partial<ActionOutcome>;
  detail?: { service: string; data?: ServiceDetail; error?: string; scroll: number };
}

export const initialUi: UiState = { view: 'main', selected: 0, projectSel: 0, filter: { services: [], pattern: '' }, search: '', scroll: 0, helpScroll: 0, timestamps: false, wrap: false };

export function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

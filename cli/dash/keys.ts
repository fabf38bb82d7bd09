// The dashboard's keys, one table: the key handler reads it and the help view (`?`) and the key
// bar print it, so what is listed is what works. Vim keys beside the arrows, as k9s and lazydocker.
import type { ActionId } from '../../core/dash/types';

export type UiCommand =
  | { kind: 'action'; id: ActionId | 'pause-toggle' | 'enable-toggle' }
  | { kind: 'confirm-down' }
  | { kind: 'move'; by: number }
  | { kind: 'scroll'; by: number }
  | { kind: 'view'; view: 'logs' | 'detail' | 'help' | 'projects' | 'main' }
  | { kind: 'filter-regex' } | { kind: 'filter-service' } | { kind: 'filter-clear' }
  | { kind: 'search'; fresh: boolean }
  | { kind: 'toggle'; what: 'timestamps' | 'wrap' | 'follow' }
  | { kind: 'shell' } | { kind: 'quit' } | { kind: 'select' };

export interface KeyBinding { keys: string; help: string; command: UiCommand; group: 'service' | 'project' | 'logs' | 'move' }

export const KEYS: KeyBinding[] = [
  { keys: 's', help: 'stop', command: { kind: 'action', id: 'stop' }, group: 'service' },
  { keys: 'S', help: 'start', command: { kind: 'action', id: 'start' }, group: 'service' },
  { keys: 'r', help: 'restart', command: { kind: 'action', id: 'restart' }, group: 'service' },
  { keys: 'K', help: 'kill', command: { kind: 'action', id: 'kill' }, group: 'service' },
  { keys: 'p', help: 'pause/unpause', command: { kind: 'action', id: 'pause-toggle' }, group: 'service' },
  { keys: 'R', help: 'recreate', command: { kind: 'action', id: 'recreate' }, group: 'service' },
  { keys: '+', help: 'scale up', command: { kind: 'action', id: 'scale-up' }, group: 'service' },
  { keys: '-', help: 'scale down', command: { kind: 'action', id: 'scale-down' }, group: 'service' },
  { keys: 'x', help: 'enable/disable', command: { kind: 'action', id: 'enable-toggle' }, group: 'service' },
  { keys: 'b', help: 'rebuild', command: { kind: 'action', id: 'rebuild' }, group: 'service' },
  { keys: 'P', help: 'pull', command: { kind: 'action', id: 'pull' }, group: 'service' },
  { keys: 'e', help: 'shell (exec)', command: { kind: 'shell' }, group: 'service' },
  { keys: 'enter', help: 'detail', command: { kind: 'select' }, group: 'service' },
  { keys: 'u', help: 'up', command: { kind: 'action', id: 'up' }, group: 'project' },
  { keys: 'D', help: 'down', command: { kind: 'confirm-down' }, group: 'project' },
  { keys: 'w', help: 'watch', command: { kind: 'action', id: 'watch' }, group: 'project' },
  { keys: 'o', help: 'projects', command: { kind: 'view', view: 'projects' }, group: 'project' },
  { keys: 'l', help: 'logs full screen', command: { kind: 'view', view: 'logs' }, group: 'logs' },
  { keys: '/', help: 'filter logs (regex)', command: { kind: 'filter-regex' }, group: 'logs' },
  { keys: 'f', help: 'logs of this service only', command: { kind: 'filter-service' }, group: 'logs' },
  { keys: 'n', help: 'search logs / older match', command: { kind: 'search', fresh: false }, group: 'logs' },
  { keys: 'N', help: 'new log search', command: { kind: 'search', fresh: true }, group: 'logs' },
  { keys: 'c', help: 'clear log filters', command: { kind: 'filter-clear' }, group: 'logs' },
  { keys: 'space', help: 'pause/follow logs', command: { kind: 'toggle', what: 'follow' }, group: 'logs' },
  { keys: 't', help: 'timestamps', command: { kind: 'toggle', what: 'timestamps' }, group: 'logs' },
  { keys: 'z', help: 'wrap', command: { kind: 'toggle', what: 'wrap' }, group: 'logs' },
  { keys: 'pgup/pgdn ^b/^f', help: 'scroll logs', command: { kind: 'scroll', by: 0 }, group: 'logs' },
  { keys: '↑/k ↓/j', help: 'move', command: { kind: 'move', by: 0 }, group: 'move' },
  { keys: '?', help: 'help', command: { kind: 'view', view: 'help' }, group: 'move' },
  { keys: 'esc', help: 'back', command: { kind: 'view', view: 'main' }, group: 'move' },
  { keys: 'q', help: 'quit', command: { kind: 'quit' }, group: 'move' },
];

/** What ink's useInput hands over, reduced to what the table needs. */
export interface KeyPress {
  input: string;
  upArrow?: boolean; downArrow?: boolean; pageUp?: boolean; pageDown?: boolean;
  return?: boolean; escape?: boolean; ctrl?: boolean;
}

const SINGLE = new Map(KEYS.filter((k) => k.keys.length === 1).map((k) => [k.keys, k.command]));

export function commandFor(k: KeyPress, page: number): UiCommand | undefined {
  if (k.upArrow || k.input === 'k') return { kind: 'move', by: -1 };
  if (k.downArrow || k.input === 'j') return { kind: 'move', by: 1 };
  if (k.pageUp || (k.ctrl && k.input === 'b')) return { kind: 'scroll', by: -page };
  if (k.pageDown || (k.ctrl && k.input === 'f')) return { kind: 'scroll', by: page };
  if (k.return) return { kind: 'select' };
  if (k.escape) return { kind: 'view', view: 'main' };
  if (k.ctrl && k.input === 'c') return { kind: 'quit' };
  if (k.ctrl) return undefined;
  if (k.input === ' ') return { kind: 'toggle', what: 'follow' };
  return SINGLE.get(k.input);
}

/**
 * A chunk of several characters (a paste, or keys that arrived together, as tmux send-keys can
 * deliver them) is one ink input event: split it into single key presses, Enter and Backspace
 * included, so typing then Enter applies the filter rather than typing a carriage return.
 */
export function splitKeys<K extends Omit<KeyPress, 'input'> & { backspace?: boolean }>(input: string, key: K): Array<K & { input: string }> {
  if (input.length <= 1) return [{ ...key, input }];
  return [...input].map((ch) => {
    if (ch === '\r' || ch === '\n') return { ...key, input: '', return: true };
    if (ch === '\x7f' || ch === '\b') return { ...key, input: '', backspace: true };
    return { ...key, input: ch };
  });
}

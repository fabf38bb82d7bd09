// What each key command does to the UI state and the model. Actions show their CLI equivalent
// at once ("$ berth stop web …"), then how it went.
import type { Key } from 'ink';
import type { ActionId, DashModelApi, DashSnapshot } from '../../core/dash/types';
import type { UiCommand } from './keys';
import { compilePattern, filterLines } from './log-filter';
import { findMatch } from './search';
import { clamp, type UiState } from './ui-state';

interface Deps {
  model: DashModelApi;
  snap: DashSnapshot;
  ui: UiState;
  setUi: (f: (u: UiState) => UiState) => void;
  exit: (result?: unknown) => void;
  page: number;
}

export interface Dispatch { command(c: UiCommand): void; prompt(input: string, key: Key): void }

function actionId(id: ActionId | 'pause-toggle' | 'enable-toggle', d: Deps): ActionId {
  const row = d.snap.services[d.ui.selected];
  if (id === 'pause-toggle') return row?.state === 'paused' ? 'unpause' : 'pause';
  if (id === 'enable-toggle') return row?.disabled ? 'enable' : 'disable';
  return id;
}

function runAction(d: Deps, id: ActionId): void {
  const info = d.model.actions().find((a) => a.id === id);
  const service = info?.scope === 'service' ? d.snap.services[d.ui.selected]?.name : undefined;
  if (info?.scope === 'service' && service === undefined) { d.setUi((u) => ({ ...u, status: { cli: '', state: 'done', ok: false, message: 'no service selected' } })); return; }
  const cli = d.model.cliFor(id, service);
  d.setUi((u) => ({ ...u, status: { cli, state: 'running' } }));
  void d.model.act(id, service).then((o) => d.setUi((u) => ({ ...u, status: { ...o, state: 'done' } })));
}

function lastSeq(d: Deps): number {
  const lines = d.model.logLines();
  return lines.length === 0 ? -1 : lines[lines.length - 1]!.seq;
}

/** Scrolling back pauses the logs where they are; scrolling to the end again keeps them paused. */
function scrollLogs(d: Deps, by: number): void {
  d.setUi((u) => ({ ...u, pausedAt: u.pausedAt ?? lastSeq(d), scroll: Math.max(0, u.scroll - by) }));
}

function move(d: Deps, by: number): void {
  const { ui } = d;
  if (ui.view === 'help') d.setUi((u) => ({ ...u, helpScroll: Math.max(0, u.helpScroll + by) }));
  else if (ui.view === 'projects') d.setUi((u) => ({ ...u, projectSel: clamp(u.projectSel + by, 0, d.snap.projects.length - 1) }));
  else if (ui.view === 'detail') d.setUi((u) => ({ ...u, detail: u.detail && { ...u.detail, scroll: Math.max(0, u.detail.scroll + by) } }));
  else if (ui.view === 'logs') scrollLogs(d, -by);
  else if (ui.view === 'main') d.setUi((u) => ({ ...u, selected: clamp(u.selected + by, 0, d.snap.services.length - 1) }));
}

function openDetail(d: Deps): void {
  const service = d.snap.services[d.ui.selected]?.name;
  if (service === undefined) return;
  d.setUi((u) => ({ ...u, view: 'detail', detail: { service, scroll: 0 } }));
  d.model.detail(service).then(
    (data) => d.setUi((u) => (u.detail?.service === service ? { ...u, detail: { ...u.detail, data } } : u)),
    (err: Error) => d.setUi((u) => (u.detail?.service === service ? { ...u, detail: { ...u.detail, error: err.message } } : u)),
  );
}

function select(d: Deps): void {
  if (d.ui.view === 'main') { openDetail(d); return; }
  if (d.ui.view !== 'projects') return;
  const name = d.snap.projects[d.ui.projectSel];
  d.setUi((u) => ({ ...u, view: 'main', selected: 0, pausedAt: undefined, scroll: 0, filter: { services: [], pattern: '' } }));
  if (name !== undefined) void d.model.switchProject(name);
}

function view(d: Deps, v: UiState['view']): void {
  if (v === 'main') { d.setUi((u) => ({ ...u, view: 'main', detail: undefined })); return; }
  const back = d.ui.view === v;
  const projectSel = Math.max(0, d.snap.projects.indexOf(d.snap.project));
  d.setUi((u) => ({ ...u, view: back ? 'main' : v, projectSel }));
}

function toggle(d: Deps, what: 'timestamps' | 'wrap' | 'follow'): void {
  if (what === 'follow') d.setUi((u) => (u.pausedAt === undefined ? { ...u, pausedAt: lastSeq(d) } : { ...u, pausedAt: undefined, scroll: 0 }));
  else d.setUi((u) => ({ ...u, [what]: !u[what] }));
}

/** Moves the logs to the match of `pattern` (first: the bottom line counts), or says there is none. */
function searchLogs(d: Deps, pattern: string, first: boolean): void {
  const { re, error } = compilePattern(pattern);
  const lines = filterLines(d.model.logLines(), d.ui.filter);
  const at = re === undefined ? undefined : findMatch(lines, re, { ...d.ui, searchAt: first ? undefined : d.ui.searchAt }, d.page + 1);
  if (at === undefined) { d.setUi((u) => ({ ...u, status: { cli: '', state: 'done', ok: false, message: error ?? `no ${first ? '' : 'older '}match for /${pattern}/` } })); return; }
  d.setUi((u) => ({ ...u, ...at }));
}

function search(d: Deps, fresh: boolean): void {
  if (fresh || d.ui.search === '') d.setUi((u) => ({ ...u, prompt: { kind: 'search', text: u.search } }));
  else searchLogs(d, d.ui.search, false);
}

function command(d: Deps, c: UiCommand): void {
  const svc = d.snap.services[d.ui.selected]?.name;
  switch (c.kind) {
    case 'move': return move(d, c.by);
    case 'scroll': return d.ui.view === 'detail' || d.ui.view === 'help' ? move(d, c.by) : scrollLogs(d, c.by);
    case 'view': return view(d, c.view);
    case 'select': return select(d);
    case 'action': return runAction(d, actionId(c.id, d));
    case 'confirm-down': return d.setUi((u) => ({ ...u, prompt: { kind: 'confirm-down' } }));
    case 'filter-regex': return d.setUi((u) => ({ ...u, prompt: { kind: 'regex', text: u.filter.pattern } }));
    case 'filter-service': return d.setUi((u) => ({ ...u, filter: { ...u.filter, services: u.filter.services.length > 0 || svc === undefined ? [] : [svc] } }));
    case 'search': return search(d, c.fresh);
    case 'filter-clear': return d.setUi((u) => ({ ...u, filter: { services: [], pattern: '' } }));
    case 'toggle': return toggle(d, c.what);
    case 'shell': return svc === undefined ? undefined : d.exit({ shell: d.model.shellArgs(svc) });
    case 'quit': return d.exit();
  }
}

function prompt(d: Deps, input: string, key: Key): void {
  const p = d.ui.prompt;
  if (p?.kind === 'confirm-down') {
    d.setUi((u) => ({ ...u, prompt: undefined }));
    if (input === 'y' || input === 'Y') runAction(d, 'down');
    return;
  }
  if (p === undefined) return;
  if (key.escape) d.setUi((u) => ({ ...u, prompt: undefined }));
  else if (key.return && p.kind === 'search') { d.setUi((u) => ({ ...u, prompt: undefined, search: p.text })); if (p.text !== '') searchLogs(d, p.text, true); }
  else if (key.return) d.setUi((u) => ({ ...u, prompt: undefined, filter: { ...u.filter, pattern: p.text }, scroll: 0 }));
  else if (key.backspace || key.delete) d.setUi((u) => ({ ...u, prompt: { kind: p.kind, text: p.text.slice(0, -1) } }));
  else if (!key.ctrl && !key.meta && input !== '') d.setUi((u) => ({ ...u, prompt: { kind: p.kind, text: p.text + input } }));
}

export function dispatcher(d: Deps): Dispatch {
  return { command: (c) => command(d, c), prompt: (input, key) => prompt(d, input, key) };
}

// The dashboard: services table, logs, events line, the CLI equivalent of the last action and the
// key bar; `?` help, Enter detail, `l` logs, `o` projects. It reads a DashModelApi only (tests
// give it a fake), and hands the terminal back for a shell by exiting with { shell: argv }.
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { useRef, useState } from 'react';
import type { DashModelApi } from '../../core/dash/types';
import { DetailView } from './detail-view';
import { HelpView, keyBar } from './help-view';
import { commandFor, splitKeys } from './keys';
import { fitWrapped, mainLayout } from './layout';
import { compilePattern, filterLines, windowOf } from './log-filter';
import { LogsView } from './logs-view';
import { ProjectsView } from './projects-view';
import { rowNote, ServicesView } from './services-view';
import { initialUi, type UiState } from './ui-state';
import { useSnapshot, useTerminalSize } from './use-model';
import { dispatcher } from './dispatch';
import { eventsLine, statusLine } from './status-lines';

export interface AppProps {
  model: DashModelApi;
  color: boolean;
  /** Minimum ms between two frames while data streams in. */
  frameMs?: number;
  /** The UI state to start from (kept across a shell's hand-over). */
  initial?: UiState;
  onState?: (s: UiState) => void;
}

export function App({ model, color, frameMs = 50, initial, onState }: AppProps) {
  const snap = useSnapshot(model, frameMs);
  const { stdout } = useStdout();
  const size = useTerminalSize(stdout);
  const [ui, setUiRaw] = useState<UiState>(initial ?? initialUi);
  // Keys typed faster than a frame (a paste, tmux send-keys) each see the state the previous one
  // left: the ref holds it between renders.
  const current = useRef(ui);
  const setUi = (f: (u: UiState) => UiState): void => { current.current = f(current.current); onState?.(current.current); setUiRaw(current.current); };
  const { exit } = useApp();
  const layout = mainLayout(size.rows, snap.services.length);
  const logRows = ui.view === 'logs' ? Math.max(3, size.rows - 6) : layout.logRows;
  useInput((input, key) => {
    for (const k of splitKeys(input, key)) {
      const dispatch = dispatcher({ model, snap, ui: current.current, setUi, exit, page: Math.max(1, logRows - 1) });
      if (current.current.prompt !== undefined) { dispatch.prompt(k.input, k); continue; }
      const cmd = commandFor(k, Math.max(1, logRows - 1));
      if (cmd) dispatch.command(cmd);
    }
  });
  const services = snap.services.map((r) => r.name);
  const filtered = filterLines(model.logLines(), ui.filter);
  const windowed = windowOf(filtered, logRows, ui.pausedAt, ui.scroll);
  const prefix = Math.max(0, ...windowed.map((l) => l.name.length)) + 1;
  const lines = ui.wrap ? fitWrapped(windowed, logRows, size.columns, prefix) : windowed;
  const logs = <LogsView lines={lines} services={services} height={logRows} width={size.columns} color={color} timestamps={ui.timestamps} wrap={ui.wrap} search={compilePattern(ui.search).re} title={logTitle(ui, filtered.length)} />;
  const body = (): React.ReactNode => {
    if (ui.view === 'help') return <HelpView actions={model.actions()} height={size.rows - 5} scroll={ui.helpScroll} />;
    if (ui.view === 'projects') return <ProjectsView projects={snap.projects} current={snap.project} selected={ui.projectSel} color={color} />;
    if (ui.view === 'detail' && ui.detail) return <DetailView detail={ui.detail.data} error={ui.detail.error} service={ui.detail.service} scroll={ui.detail.scroll} height={size.rows - 5} />;
    if (ui.view === 'logs') return logs;
    return (
      <>
        <ServicesView rows={snap.services} selected={ui.selected} width={size.columns} height={layout.tableRows} color={color} />
        <Text wrap="truncate-end" color={color ? 'yellow' : undefined}>{rowNote(snap.services[ui.selected]) || ' '}</Text>
        {logs}
      </>
    );
  };
  return (
    <Box flexDirection="column" width={size.columns}>
      <Text bold wrap="truncate-end">{`berth dash · project ${snap.project} · ${snap.services.length} services${snap.watching ? ' · watching' : ''}${snap.error ? ` · error: ${snap.error}` : ''}`}</Text>
      {body()}
      <Text wrap="truncate-end" dimColor={color}>{eventsLine(snap.events)}</Text>
      <Text wrap="truncate-end" color={color ? statusColour(ui) : undefined}>{statusLine(ui)}</Text>
      <Text wrap="truncate-end">{promptLine(ui, snap.project) ?? keyBar(size.columns)}</Text>
    </Box>
  );
}

function statusColour(ui: UiState): string | undefined {
  if (ui.status === undefined) return undefined;
  return ui.status.state === 'running' ? 'cyan' : ui.status.ok ? 'green' : 'red';
}

function logTitle(ui: UiState, count: number): string {
  const parts = ['logs'];
  if (ui.filter.services.length > 0) parts.push(`service ${ui.filter.services.join(',')}`);
  if (ui.filter.pattern !== '') parts.push(`/${ui.filter.pattern}/`);
  if (ui.search !== '') parts.push(`search ${ui.search}`);
  const bad = compilePattern(ui.filter.pattern).error;
  if (bad) parts.push(bad);
  parts.push(ui.pausedAt === undefined ? 'following' : `paused${ui.scroll > 0 ? ` -${ui.scroll}` : ''}`);
  parts.push(`${count} lines`);
  return parts.join(' · ');
}

function promptLine(ui: UiState, project: string): string | undefined {
  if (ui.prompt?.kind === 'regex') return `filter logs (regex, enter applies, esc cancels): ${ui.prompt.text}_`;
  if (ui.prompt?.kind === 'search') return `search logs (regex; then n: older match): ${ui.prompt.text}_`;
  if (ui.prompt?.kind === 'confirm-down') return `down: stop and remove every container and network of ${project}? y/N`;
  return undefined;
}

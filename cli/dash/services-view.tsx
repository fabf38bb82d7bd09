// The services table: one row per service (state, health, replicas, CPU, memory, restarts,
// uptime, ports, image), the selected one marked with `>`; a service `up` would recreate carries
// `*` and its cause below the table; one disabled by profiles is dimmed (and says so without colour).
import { Box, Text } from 'ink';
import type { ServiceRow } from '../../core/dash/types';
import { bytes, cell, duration, percent } from './format';

interface Props { rows: ServiceRow[]; selected: number; width: number; height: number; color: boolean }

const FIXED: Array<[string, number]> = [['SERVICE', 14], ['STATE', 13], ['HEALTH', 9], ['REPL', 5], ['CPU%', 6], ['MEM', 6], ['RST', 4], ['UP', 5]];

function stateColour(r: ServiceRow): string | undefined {
  if (r.state === 'running') return r.health === 'unhealthy' ? 'red' : 'green';
  if (r.state.startsWith('exited') || r.state === 'dead') return 'red';
  return 'yellow';
}

function line(r: ServiceRow, rest: number): string[] {
  const name = (r.recreate ? '*' : '') + r.name + (r.disabled ? ' (off)' : '');
  const tail = [r.ports.join(','), r.image].filter((x) => x !== '').join(' ');
  return [
    cell(name, 14), cell(r.state, 13), cell(r.health || '-', 9), cell(`${r.running}/${r.wanted}`, 5), cell(percent(r.cpu), 6),
    cell(bytes(r.memBytes), 6), cell(String(r.restarts), 4), cell(duration(r.uptimeSec), 5), cell(tail, rest),
  ];
}

export function ServicesView({ rows, selected, width, height, color }: Props) {
  const rest = Math.max(0, width - 2 - FIXED.reduce((n, [, w]) => n + w + 1, 0));
  const header = ' ' + FIXED.map(([h, w]) => cell(h, w)).join(' ') + ' ' + cell('PORTS IMAGE', rest);
  const first = Math.max(0, Math.min(selected - height + 1, rows.length - height));
  const shown = rows.slice(first, first + Math.max(1, height));
  return (
    <Box flexDirection="column">
      <Text bold>{header}</Text>
      {rows.length === 0 ? <Text>  no services (is the project up? press u)</Text> : null}
      {shown.map((r, i) => {
        const at = first + i === selected;
        const cells = line(r, rest);
        return (
          <Text key={r.name} dimColor={color && r.disabled} inverse={color && at} wrap="truncate-end">
            {at ? '>' : ' '}{cells[0]} <Text color={color ? stateColour(r) : undefined}>{cells[1]}</Text> {cells.slice(2).join(' ')}
          </Text>
        );
      })}
    </Box>
  );
}

/** The line under the table: why up would recreate the selected service, or its health. */
export function rowNote(r: ServiceRow | undefined): string {
  if (r === undefined) return '';
  if (r.disabled) return `${r.name}: disabled by profiles (x enables it)`;
  if (r.recreate) return `${r.name}: up would recreate it: ${r.recreate}`;
  if (r.health === 'unhealthy') return `${r.name}: unhealthy (enter shows the health log)`;
  return '';
}

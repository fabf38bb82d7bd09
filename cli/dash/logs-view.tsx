// The combined logs, coloured per service as `logs` prints them (`web-1  | line`), filtered,
// following the end or paused; timestamps and wrapping switchable.
import { Box, Text } from 'ink';
import type { LogLine } from '../../core/dash/types';
import { colourOf } from './format';

interface Props {
  lines: LogLine[];
  services: string[];
  height: number;
  width: number;
  color: boolean;
  timestamps: boolean;
  wrap: boolean;
  title: string;
  /** Lines matching the search are marked: inverse in colour, `»` instead of `|` without. */
  search?: RegExp;
}

export function LogsView({ lines, services, height, width, color, timestamps, wrap, title, search }: Props) {
  const pad = Math.max(0, ...lines.map((l) => l.name.length)) + 1;
  return (
    <Box flexDirection="column" height={height + 1} overflow="hidden">
      <Text bold>{('── ' + title + ' ').padEnd(Math.max(0, width - 1), '─')}</Text>
      {/* keyed by row, not by line: each new line updates rows in place instead of remounting them */}
      {lines.map((l, row) => (
        <Text key={row} wrap={wrap ? 'wrap' : 'truncate-end'} inverse={color && search?.test(l.text) === true}>
          <Text color={color ? colourOf(l.service, services) : undefined}>{l.name.padEnd(pad)}{search?.test(l.text) ? '»' : '|'} </Text>
          {timestamps && l.timestamp !== '' ? l.timestamp + ' ' : ''}{l.text}
        </Text>
      ))}
    </Box>
  );
}

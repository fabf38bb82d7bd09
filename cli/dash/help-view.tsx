// `?`: every key, from the same table the handler reads (keys.ts), with what is unavailable and why.
import { Box, Text } from 'ink';
import type { ActionInfo } from '../../core/dash/types';
import { KEYS, type KeyBinding } from './keys';

function note(k: KeyBinding, actions: ActionInfo[]): string {
  if (k.command.kind !== 'action') return '';
  const why = actions.find((a) => a.id === (k.command as { id: string }).id)?.unavailable;
  return why === undefined ? '' : ` (unavailable: ${why})`;
}

/** Scrolls (j/k) when the terminal is shorter than the list. */
export function HelpView({ actions, height, scroll }: { actions: ActionInfo[]; height: number; scroll: number }) {
  const groups: Array<[KeyBinding['group'], string]> = [['service', 'service'], ['project', 'project'], ['logs', 'logs'], ['move', 'screen']];
  const lines: string[] = [];
  for (const [g, title] of groups) {
    lines.push(`${title}:`);
    for (const k of KEYS.filter((x) => x.group === g)) lines.push(`  ${k.keys.padEnd(16)}${k.help}${note(k, actions)}`);
  }
  const first = Math.max(0, Math.min(scroll, lines.length - height));
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {lines.slice(first, first + height).map((l, i) => <Text key={i} wrap="truncate-end">{l}</Text>)}
    </Box>
  );
}

/** The one-line key bar at the bottom of the main screen. */
export function keyBar(width: number): string {
  const text = 's stop S start r restart K kill R recreate +/- scale e shell / filter f svc logs l logs enter detail u up D down ? help q quit';
  return text.length > width ? text.slice(0, Math.max(0, width - 9)).replace(/ \S*$/, '') + ' ? help' : text;
}

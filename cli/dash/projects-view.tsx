// `o`: the projects the engine runs (`berth ls`); Enter switches the dashboard to one.
import { Box, Text } from 'ink';

export function ProjectsView({ projects, current, selected, color }: { projects: string[]; current: string; selected: number; color: boolean }) {
  return (
    <Box flexDirection="column">
      <Text bold>projects (berth ls): enter switches, esc goes back</Text>
      {projects.map((p, i) => (
        <Text key={p} inverse={color && i === selected}>{i === selected ? '>' : ' '}{p}{p === current ? ' (shown)' : ''}</Text>
      ))}
    </Box>
  );
}

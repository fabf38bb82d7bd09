// One service in detail: containers with networks and addresses, the health log (last probes'
// output), environment, mounts and the effective configuration as `berth config` prints it.
// Long: it scrolls (j/k, pgup/pgdn) and Esc goes back.
import { Box, Text } from 'ink';
import type { ServiceDetail } from '../../core/dash/types';

/** The detail as text lines, so the view can scroll them by line. */
export function detailLines(d: ServiceDetail): string[] {
  const out: string[] = [`service ${d.service}`, '', 'containers:'];
  if (d.containers.length === 0) out.push('  (none)');
  for (const c of d.containers) {
    out.push(`  ${c.name}  ${c.id}  ${c.state}  restarts ${c.restarts}`);
    for (const n of c.networks) out.push(`    network ${n.name} ${n.ip || '(no address)'}`);
  }
  out.push('', 'health log:');
  if (d.health.length === 0) out.push('  (no healthcheck or no probe yet)');
  for (const h of d.health.slice(-5)) out.push(`  ${h.end} exit ${h.exitCode}: ${h.output.split('\n').join(' / ')}`);
  out.push('', 'environment:', ...(d.environment.length ? d.environment.map((e) => `  ${e}`) : ['  (none)']));
  out.push('', 'mounts:', ...(d.mounts.length ? d.mounts.map((m) => `  ${m}`) : ['  (none)']));
  out.push('', 'config (berth config):', ...d.config.trimEnd().split('\n').map((l) => `  ${l}`));
  return out;
}

interface Props { detail?: ServiceDetail; error?: string; service: string; scroll: number; height: number }

export function DetailView({ detail, error, service, scroll, height }: Props) {
  if (error !== undefined) return <Text>{`${service}: ${error}`}</Text>;
  if (detail === undefined) return <Text>{`loading ${service}...`}</Text>;
  const lines = detailLines(detail);
  const first = Math.max(0, Math.min(scroll, lines.length - height));
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {lines.slice(first, first + height).map((l, i) => <Text key={first + i} wrap="truncate-end">{l === '' ? ' ' : l}</Text>)}
    </Box>
  );
}

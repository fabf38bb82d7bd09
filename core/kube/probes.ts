// A compose healthcheck as readiness and liveness probes (Kompose makes a liveness probe only, so
// a service is sent traffic before it is healthy), and start_period as a startup probe: compose
// does not count failures during the start period, as the kubelet holds the others until it passes.
import { seconds } from './quantities';
import type { ServiceScope } from './scope';

/** Compose's defaults: interval 30s, timeout 30s, retries 3, start_interval 5s. */
export function probes(s: ServiceScope): Record<string, unknown> {
  const hc = s.svc.healthcheck;
  if (!hc || hc.disable) return {};
  const command = execCommand(hc.test);
  if (!command) return {};
  const exec = { command };
  const periodSeconds = seconds(hc.interval, 30);
  const timeoutSeconds = seconds(hc.timeout, 30);
  const failureThreshold = Math.max(1, hc.retries ?? 3);
  const probe = { exec, periodSeconds, timeoutSeconds, failureThreshold };
  const out: Record<string, unknown> = { readinessProbe: probe, livenessProbe: probe };
  if (hc.start_period !== undefined) {
    const period = seconds(hc.start_interval, 5);
    const window = seconds(hc.start_period, 0);
    out.startupProbe = { exec, periodSeconds: period, timeoutSeconds, failureThreshold: Math.ceil(window / period) + failureThreshold };
  }
  return out;
}

/** ["CMD", ...] runs as is; ["CMD-SHELL", s] through /bin/sh -c, as the engine does; ["NONE"] disables. */
function execCommand(test: string[] | undefined): string[] | undefined {
  if (!test || test.length === 0) return undefined;
  const [kind, ...rest] = test;
  if (kind === 'NONE') return undefined;
  if (kind === 'CMD-SHELL') return ['/bin/sh', '-c', rest.join(' ')];
  if (kind === 'CMD') return rest;
  return ['/bin/sh', '-c', test.join(' ')];
}

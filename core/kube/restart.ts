// compose restart policies against Kubernetes controllers: a Deployment's pods always restart;
// a Job's restart policy and backoff limit carry `no` and `on-failure[:N]`.
import type { ServiceScope } from './scope';

export function restartNotes(s: ServiceScope): void {
  const restart = s.svc.restart as string | undefined;
  if (restart === 'no' || restart?.startsWith('on-failure')) {
    s.report.changed([...s.path, 'restart'], `${restart}: a Deployment always restarts its pods (x-kubernetes: {controller: job} runs it once)`);
  }
  const policy = s.svc.deploy?.restart_policy;
  if (policy) s.report.changed([...s.path, 'deploy', 'restart_policy'], 'a Deployment always restarts its pods, with the kubelet\'s back-off');
  for (const k of ['placement', 'update_config', 'rollback_config', 'endpoint_mode']) {
    if ((s.svc.deploy as Record<string, unknown> | undefined)?.[k] !== undefined) s.report.dropped([...s.path, 'deploy', k], 'swarm scheduling: no equivalent');
  }
}

export function jobRestart(s: ServiceScope): { restartPolicy: 'Never' | 'OnFailure'; backoffLimit: number } {
  const restart = (s.svc.restart as string | undefined) ?? 'no';
  if (restart === 'no') return { restartPolicy: 'Never', backoffLimit: 0 };
  if (restart.startsWith('on-failure')) {
    const n = Number(restart.split(':')[1] ?? 6);
    return { restartPolicy: 'OnFailure', backoffLimit: Number.isInteger(n) ? n : 6 };
  }
  s.report.changed([...s.path, 'restart'], `${restart}: the service runs as a Job (a dependant waits for it to complete), restarted only on failure`);
  return { restartPolicy: 'OnFailure', backoffLimit: 6 };
}

// The one fake of the dashboard's component tests: the core model layer (DashModelApi), holding a
// snapshot the test sets and recording the actions the UI asks for. Everything above it (views,
// keys, ink) is the real thing.
import type { ActionId, ActionInfo, ActionOutcome, DashModelApi, DashSnapshot, LogLine, ServiceDetail, ServiceRow } from '../../core/dash/types';

export function row(name: string, over: Partial<ServiceRow> = {}): ServiceRow {
  return { name, state: 'running', health: '', running: 1, wanted: 1, ports: [], cpu: 1.5, memBytes: 3 * 1024 * 1024, restarts: 0, uptimeSec: 90, image: 'busybox:latest', disabled: false, ...over };
}

const ALL: ActionId[] = ['start', 'stop', 'restart', 'kill', 'pause', 'unpause', 'recreate', 'scale-up', 'scale-down', 'enable', 'disable', 'rebuild', 'pull', 'up', 'down', 'watch'];
const PROJECT_SCOPE = new Set<ActionId>(['up', 'down', 'watch']);

export class FakeModel implements DashModelApi {
  snap: DashSnapshot = { project: 'demo', projects: ['demo', 'other'], services: [], events: [], version: 0 };
  lines: LogLine[] = [];
  acted: Array<{ id: ActionId; service?: string }> = [];
  switched: string[] = [];
  unavailable: Partial<Record<ActionId, string>> = {};
  outcome: (id: ActionId) => Omit<ActionOutcome, 'cli'> = () => ({ ok: true });
  private readonly listeners = new Set<() => void>();

  set(patch: Partial<DashSnapshot>): void {
    this.snap = { ...this.snap, ...patch, version: this.snap.version + 1 };
    for (const fn of this.listeners) fn();
  }

  log(service: string, text: string, timestamp = '2026-12-07T01:02:03.000000000Z'): void {
    this.lines.push({ seq: this.lines.length, service, name: `${service}-1`, timestamp, text });
    this.set({});
  }

  snapshot(): DashSnapshot { return this.snap; }
  subscribe(fn: () => void): () => void { this.listeners.add(fn); return () => this.listeners.delete(fn); }
  logLines(): LogLine[] { return this.lines; }

  actions(): ActionInfo[] {
    return ALL.map((id) => ({ id, label: id, scope: PROJECT_SCOPE.has(id) ? 'project' : 'service', unavailable: this.unavailable[id] }));
  }

  cliFor(id: ActionId, service?: string): string {
    return ['berth', id, service].filter((x) => x !== undefined).join(' ');
  }

  async act(id: ActionId, service?: string): Promise<ActionOutcome> {
    this.acted.push({ id, service });
    const why = this.unavailable[id];
    if (why !== undefined) return { cli: this.cliFor(id, service), ok: false, message: why };
    return { cli: this.cliFor(id, service), ...this.outcome(id) };
  }

  async detail(service: string): Promise<ServiceDetail> {
    return {
      service, config: `services:\n  ${service}:\n    image: busybox:latest\n`, environment: ['MODE=one'], mounts: ['volume data -> /data'],
      containers: [{ name: `demo-${service}-1`, id: 'abcdef123456', state: 'running', restarts: 2, networks: [{ name: 'demo_default', ip: '10.89.0.2' }] }],
      health: [{ end: '2026-12-07T01:00:00Z', exitCode: 1, output: 'curl: connection refused' }],
    };
  }

  shellArgs(service: string): string[] { return ['exec', service, 'sh']; }
  async switchProject(name: string): Promise<void> { this.switched.push(name); this.set({ project: name }); }
  close(): void { this.listeners.clear(); }
}

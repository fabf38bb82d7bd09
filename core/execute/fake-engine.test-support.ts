// An in-memory ExecutorEngine for the executor's unit tests: records every call, can delay or
// fail chosen calls, and scripts container states for the depends_on gates.
import type { ContainerInspect, ContainerSummary } from '../../runtime/api/types';
import { CoreError } from '../errors';
import type { ExecutorEngine } from './engine';

export interface FakeContainer {
  id: string;
  name: string;
  labels: Record<string, string>;
  status: ContainerInspect['State']['Status'];
  exitCode: number;
  /** Health statuses returned by successive inspects (the last one sticks); undefined = no healthcheck. */
  health?: Array<'starting' | 'healthy' | 'unhealthy'>;
}

export class FakeEngine implements ExecutorEngine {
  readonly calls: string[] = [];
  readonly containers = new Map<string, FakeContainer>();
  inFlight = 0;
  maxInFlight = 0;
  /** ms each call takes. */
  delayMs = 0;
  /** Call text (e.g. `start demo-db-1`) → error thrown by that call. */
  failures = new Map<string, Error>();
  private seq = 0;

  private async call(text: string): Promise<void> {
    this.calls.push(text);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
      const err = this.failures.get(text);
      if (err) throw err;
    } finally {
      this.inFlight--;
    }
  }

  private byId(id: string): FakeContainer {
    const c = this.containers.get(id);
    if (!c) throw new CoreError('NOT_FOUND', `No such container: ${id}`);
    return c;
  }

  async createNetwork(body: { Name: string }): Promise<void> { await this.call(`create network ${body.Name}`); }
  async removeNetwork(name: string): Promise<void> { await this.call(`remove network ${name}`); }
  async connectNetwork(n: string, c: string): Promise<void> { await this.call(`connect ${this.byId(c).name} ${n}`); }
  async disconnectNetwork(n: string, c: string): Promise<void> { await this.call(`disconnect ${this.byId(c).name} ${n}`); }
  async createVolume(body: { Name?: string }): Promise<void> { await this.call(`create volume ${body.Name}`); }
  async removeVolume(name: string): Promise<void> { await this.call(`remove volume ${name}`); }
  async createContainer(body: { Labels?: Record<string, string> | null }, name: string): Promise<string> {
    await this.call(`create ${name}`);
    const id = `id${++this.seq}`.padEnd(64, '0');
    this.containers.set(id, { id, name, labels: body.Labels ?? {}, status: 'created', exitCode: 0 });
    return id;
  }
  async startContainer(id: string): Promise<void> {
    await this.call(`start ${this.byId(id).name}`);
    this.byId(id).status = 'running';
  }
  async stopContainer(id: string): Promise<void> {
    await this.call(`stop ${this.byId(id).name}`);
    this.byId(id).status = 'exited';
  }
  async removeContainer(id: string): Promise<void> {
    const c = this.byId(id);
    await this.call(`remove ${c.name}`);
    this.containers.delete(id);
  }
  async renameContainer(id: string, name: string): Promise<void> {
    await this.call(`rename ${this.byId(id).name} ${name}`);
    this.byId(id).name = name;
  }
  async unpauseContainer(id: string): Promise<void> { await this.call(`unpause ${this.byId(id).name}`); }
  async removeImage(name: string): Promise<void> { await this.call(`remove image ${name}`); }

  async inspectContainer(id: string): Promise<ContainerInspect> {
    const c = this.byId(id);
    const health = c.health === undefined ? undefined : (c.health.length > 1 ? c.health.shift()! : c.health[0]);
    return {
      Id: c.id, Name: `/${c.name}`,
      State: { Status: c.status, Running: c.status === 'running', ExitCode: c.exitCode, Health: health && { Status: health, FailingStreak: 0, Log: [] } },
    } as ContainerInspect;
  }

  async listContainers(labels: string[]): Promise<ContainerSummary[]> {
    const want = labels.map((l) => l.split('='));
    return [...this.containers.values()]
      .filter((c) => want.every(([k, v]) => c.labels[k!] === v))
      .map((c) => ({ Id: c.id, Names: [`/${c.name}`], Labels: c.labels, State: c.status }) as ContainerSummary);
  }
}

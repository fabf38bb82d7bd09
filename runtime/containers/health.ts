// Docker's HEALTHCHECK: after a start, run the test every Interval inside the container (as an
// exec), Timeout per probe; Retries consecutive failures make it unhealthy, failures within
// StartPeriod do not count, any success makes it healthy. The last 5 probes are kept, output
// capped at 4 KiB, as moby's daemon/health.go does. Durations in the config are nanoseconds.
import { randomBytes } from 'node:crypto';
import type { HealthConfig } from '../api/types';
import type { ExecHandle } from '../tasks/exec';

export interface HealthState {
  Status: 'starting' | 'healthy' | 'unhealthy';
  FailingStreak: number;
  Log: Array<{ Start: string; End: string; ExitCode: number; Output: string }>;
}

export interface HealthProbeRunner {
  /** Starts `cmd` in the container as an exec. */
  exec(cmd: string[], execId: string): Promise<ExecHandle>;
}

const NS_PER_MS = 1_000_000;
const DEFAULTS = { interval: 30_000, timeout: 30_000, retries: 3, startPeriod: 0 };
const MAX_LOG = 5;
const MAX_OUTPUT = 4096;

/** The command a healthcheck runs, or undefined when there is none (absent, [], ["NONE"]). */
export function probeCommand(hc: HealthConfig | undefined): string[] | undefined {
  const t = hc?.Test;
  if (!t || t.length === 0 || t[0] === 'NONE') return undefined;
  if (t[0] === 'CMD') return t.slice(1);
  if (t[0] === 'CMD-SHELL') return ['/bin/sh', '-c', t.slice(1).join(' ')];
  return ['/bin/sh', '-c', t.join(' ')];
}

/** Applies one probe result to the state; returns the new status when it changed. */
export function applyProbe(s: HealthState, result: { start: Date; end: Date; exitCode: number; output: string }, inStartPeriod: boolean, retries: number): HealthState['Status'] | undefined {
  const before = s.Status;
  s.Log.push({ Start: result.start.toISOString(), End: result.end.toISOString(), ExitCode: result.exitCode, Output: result.output.slice(0, MAX_OUTPUT) });
  if (s.Log.length > MAX_LOG) s.Log.splice(0, s.Log.length - MAX_LOG);
  if (result.exitCode === 0) {
    s.FailingStreak = 0;
    s.Status = 'healthy';
  } else if (!inStartPeriod || s.Status !== 'starting') {
    s.FailingStreak++;
    if (s.FailingStreak >= retries) s.Status = 'unhealthy';
  }
  return s.Status !== before ? s.Status : undefined;
}

export interface HealthMonitorOptions {
  config: HealthConfig;
  runner: HealthProbeRunner;
  state: HealthState;
  now: () => Date;
  onChange: (status: HealthState['Status']) => void;
  onProbe?: () => void;
}

/** Runs probes until stopped. One monitor per running container. */
export class HealthMonitor {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly started: number;

  constructor(private readonly o: HealthMonitorOptions) {
    this.started = o.now().getTime();
  }

  private ms(ns: number | undefined, dflt: number): number {
    return ns && ns > 0 ? ns / NS_PER_MS : dflt;
  }

  start(): void {
    this.schedule(this.ms(this.o.config.StartInterval, 0) || this.ms(this.o.config.Interval, DEFAULTS.interval));
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => { void this.probe().finally(() => this.schedule(this.ms(this.o.config.Interval, DEFAULTS.interval))); }, delay);
  }

  private async probe(): Promise<void> {
    const cmd = probeCommand(this.o.config);
    if (!cmd || this.stopped) return;
    const start = this.o.now();
    let output = '';
    let exitCode: number;
    try {
      const h = await this.o.runner.exec(cmd, `health-${randomBytes(8).toString('hex')}`);
      h.stdin.end();
      h.stdout.on('data', (c: Buffer) => { output += c.toString(); });
      h.stderr.on('data', (c: Buffer) => { output += c.toString(); });
      const timeout = this.ms(this.o.config.Timeout, DEFAULTS.timeout);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<number>((resolve) => { timer = setTimeout(() => { h.kill('SIGKILL'); output += `Health check exceeded timeout (${timeout}ms)`; resolve(-1); }, timeout); });
      exitCode = await Promise.race([h.exited, timedOut]);
      clearTimeout(timer);
    } catch (err) {
      exitCode = -1;
      output = (err as Error).message;
    }
    if (this.stopped) return;
    const inStart = this.o.now().getTime() - this.started < this.ms(this.o.config.StartPeriod, DEFAULTS.startPeriod);
    const changed = applyProbe(this.o.state, { start, end: this.o.now(), exitCode, output }, inStart, this.o.config.Retries && this.o.config.Retries > 0 ? this.o.config.Retries : DEFAULTS.retries);
    this.o.onProbe?.();
    if (changed) this.o.onChange(changed);
  }
}

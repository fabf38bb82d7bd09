// The instructions that only change the image config (ENV, LABEL, CMD, ENTRYPOINT, EXPOSE, USER,
// WORKDIR, VOLUME, STOPSIGNAL, HEALTHCHECK, SHELL, ONBUILD, MAINTAINER), each returning the
// history `created_by` dockerd's classic builder writes for it: `/bin/sh -c #(nop)  CMD ["sh"]`
// (moby builder/dockerfile/dispatchers.go; two spaces where it joins "#(nop) " and the comment).
import { posix } from 'node:path';
import type { Instruction } from './dockerfile';
import { execForm, flagsOf } from './dockerfile';
import { BuildError } from './errors';
import { keyValues, processWords, processWord, type Vars } from './shell-lex';
import { DEFAULT_SHELL, type StageState } from './types';

export interface StepScope {
  vars: Vars;
  escape: string;
  file: string;
}

const nop = (shell: string[], comment: string): string => [...shell, '#(nop) ', comment].join(' ');

/** Go's %q of a []string: ["a" "b"], as dockerd formats CMD and ENTRYPOINT in history. */
export function goQuoted(list: string[]): string {
  return `[${list.map((s) => JSON.stringify(s)).join(' ')}]`;
}

function envMap(state: StageState): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of state.config.config.Env ?? []) {
    const eq = e.indexOf('=');
    m.set(eq < 0 ? e : e.slice(0, eq), eq < 0 ? '' : e.slice(eq + 1));
  }
  return m;
}

export function setEnv(state: StageState, key: string, value: string): void {
  const m = envMap(state);
  m.set(key, value);
  state.config.config.Env = [...m].map(([k, v]) => `${k}=${v}`);
}

export function envOf(state: StageState): Map<string, string> {
  return envMap(state);
}

function commandOf(ins: Instruction, shell: string[]): string[] {
  return execForm(ins.args) ?? [...shell, ins.args];
}

/** Applies a metadata instruction to `state`; returns its history created_by. */
export function applyMetadata(ins: Instruction, state: StageState, scope: StepScope): string {
  const c = state.config.config;
  const shell = c.Shell ?? DEFAULT_SHELL;
  const words = (): string[] => processWords(ins.args, scope.vars, scope.escape);
  const where = `${scope.file}:${ins.line}:${ins.col}`;
  if (ins.keyword !== 'HEALTHCHECK') flagsOf(ins, [], scope.file);
  switch (ins.keyword) {
    case 'ENV': {
      const pairs = keyValues(ins.args, scope.vars, scope.escape, true);
      for (const [k, v] of pairs) {
        if (v === undefined) throw new BuildError('INVALID_ARGUMENT', `${where}: ENV names ${k} without a value (ENV KEY=VALUE)`);
        setEnv(state, k, v);
      }
      return nop(shell, `ENV ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`);
    }
    case 'LABEL': {
      const pairs = keyValues(ins.args, scope.vars, scope.escape, true);
      c.Labels = { ...c.Labels };
      for (const [k, v] of pairs) c.Labels[k] = v ?? '';
      return nop(shell, `LABEL ${pairs.map(([k, v]) => `${k}=${v ?? ''}`).join(' ')}`);
    }
    case 'MAINTAINER':
      state.config.author = processWord(ins.args, scope.vars, scope.escape);
      return nop(shell, `MAINTAINER ${state.config.author as string}`);
    case 'CMD':
      c.Cmd = commandOf(ins, shell);
      state.cmdSetInStage = true;
      return nop(shell, `CMD ${goQuoted(c.Cmd)}`);
    case 'ENTRYPOINT':
      c.Entrypoint = commandOf(ins, shell);
      // Setting ENTRYPOINT clears the CMD inherited from the base image, as Docker does.
      if (!state.cmdSetInStage) c.Cmd = null;
      return nop(shell, `ENTRYPOINT ${goQuoted(c.Entrypoint)}`);
    case 'EXPOSE': {
      const ports = words();
      c.ExposedPorts = { ...c.ExposedPorts };
      for (const p of ports) c.ExposedPorts[p.includes('/') ? p.toLowerCase() : `${p}/tcp`] = {};
      return nop(shell, `EXPOSE ${ports.join(' ')}`);
    }
    case 'USER':
      c.User = processWord(ins.args.trim(), scope.vars, scope.escape);
      return nop(shell, `USER ${c.User}`);
    case 'WORKDIR': {
      const dir = processWord(ins.args.trim(), scope.vars, scope.escape);
      c.WorkingDir = posix.resolve(c.WorkingDir || '/', dir);
      return [...shell, `#(nop) WORKDIR ${c.WorkingDir}`].join(' ');
    }
    case 'VOLUME': {
      const vols = execForm(ins.args) ?? words();
      if (!vols.length) throw new BuildError('INVALID_ARGUMENT', `${where}: VOLUME specified can not be an empty string`);
      c.Volumes = { ...c.Volumes };
      for (const v of vols) c.Volumes[v] = {};
      return nop(shell, `VOLUME [${vols.join(' ')}]`);
    }
    case 'STOPSIGNAL':
      c.StopSignal = processWord(ins.args.trim(), scope.vars, scope.escape);
      return nop(shell, `STOPSIGNAL ${c.StopSignal}`);
    case 'SHELL': {
      const sh = execForm(ins.args);
      if (!sh?.length) throw new BuildError('INVALID_ARGUMENT', `${where}: SHELL requires the arguments to be in JSON form`);
      c.Shell = sh;
      return nop(shell, `SHELL [${sh.join(' ')}]`);
    }
    case 'ONBUILD': {
      const trigger = ins.args.trim();
      const kw = trigger.split(/\s/)[0]?.toUpperCase();
      if (kw === 'ONBUILD' || kw === 'FROM' || kw === 'MAINTAINER') throw new BuildError('INVALID_ARGUMENT', `${where}: ${kw} isn't allowed as an ONBUILD trigger`);
      c.OnBuild = [...(c.OnBuild ?? []), trigger];
      return nop(shell, `ONBUILD ${trigger}`);
    }
    case 'HEALTHCHECK':
      return healthcheck(ins, state, scope, shell);
    default:
      throw new BuildError('INTERNAL', `${where}: ${ins.keyword} is not a metadata instruction`);
  }
}

const DURATION = /^(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)$/;
const UNIT: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

function duration(v: string | undefined, what: string, where: string): number {
  if (v === undefined) return 0;
  const m = DURATION.exec(v);
  if (!m) throw new BuildError('INVALID_ARGUMENT', `${where}: HEALTHCHECK --${what}: invalid duration "${v}"`);
  return Math.round(Number(m[1]) * UNIT[m[2]]);
}

function healthcheck(ins: Instruction, state: StageState, scope: StepScope, shell: string[]): string {
  const where = `${scope.file}:${ins.line}:${ins.col}`;
  const f = flagsOf(ins, ['interval', 'timeout', 'start-period', 'start-interval', 'retries'], scope.file);
  const args = ins.args.trim();
  const kw = args.split(/\s/)[0]?.toUpperCase();
  if (kw === 'NONE') {
    state.config.config.Healthcheck = { Test: ['NONE'] };
    return nop(shell, 'HEALTHCHECK NONE');
  }
  if (kw !== 'CMD') throw new BuildError('INVALID_ARGUMENT', `${where}: HEALTHCHECK takes CMD or NONE`);
  const rest = args.slice(3).trim();
  const exec = execForm(rest);
  const hc: NonNullable<StageState['config']['config']['Healthcheck']> = { Test: exec ? ['CMD', ...exec] : ['CMD-SHELL', rest] };
  const interval = duration(f.get('interval')?.[0], 'interval', where);
  const timeout = duration(f.get('timeout')?.[0], 'timeout', where);
  const start = duration(f.get('start-period')?.[0], 'start-period', where);
  const startInterval = duration(f.get('start-interval')?.[0], 'start-interval', where);
  if (interval) hc.Interval = interval;
  if (timeout) hc.Timeout = timeout;
  if (start) hc.StartPeriod = start;
  if (startInterval) hc.StartInterval = startInterval;
  const retries = f.get('retries')?.[0];
  if (retries !== undefined) hc.Retries = Number(retries);
  state.config.config.Healthcheck = hc;
  return nop(shell, `HEALTHCHECK &{${goQuoted(hc.Test ?? [])} "${interval}" "${timeout}" "${start}" "${startInterval}" '\\x${(hc.Retries ?? 0).toString(16).padStart(2, '0')}'}`);
}

// One validated service → its long form: every attribute through its converter, then the
// project-independent defaults. Resolution against the environment happens in environment.ts.
import type { NormalizeContext } from './context';
import {
  bool, buildConfig, bytes, command, dependsOn, deviceRequest, devices, duration, envFile, fileRefs, float,
  gpus, healthcheck, hosts, int, labelFile, labels, list, networks, ports, ulimits, volumes, type Convert,
} from './service-fields';
import { compact, isObj, toEnvMap, toInt, toLabelMap, type Obj } from './mappings';
import { absPath } from './paths';

const FIELDS: Record<string, Convert> = {
  annotations: labels,
  attach: bool,
  build: buildConfig,
  command,
  configs: fileRefs(false),
  cpu_count: int,
  cpu_percent: float,
  cpu_period: int,
  cpu_quota: int,
  cpu_rt_period: int,
  cpu_rt_runtime: int,
  cpu_shares: int,
  cpus: float,
  depends_on: dependsOn,
  deploy: (v, ctx) => (v === null ? undefined : deploy(v as Obj, ctx)),
  develop: (v, ctx) => (v === null ? undefined : develop(v as Obj, ctx)),
  devices,
  dns: list,
  dns_search: list,
  entrypoint: command,
  env_file: envFile,
  environment: (v) => toEnvMap(v),
  expose: list,
  extra_hosts: hosts,
  gpus,
  group_add: list,
  healthcheck,
  init: bool,
  label_file: labelFile,
  labels,
  mem_limit: bytes,
  mem_reservation: bytes,
  mem_swappiness: bytes,
  memswap_limit: bytes,
  networks,
  // models: a list of names is a map of name → null, as networks (transform list-to-map).
  models: networks,
  oom_kill_disable: bool,
  oom_score_adj: int,
  pids_limit: int,
  ports,
  post_start: hooks,
  pre_stop: hooks,
  pre_start: hooks,
  privileged: bool,
  read_only: bool,
  scale: int,
  secrets: fileRefs(true),
  shm_size: bytes,
  stdin_open: bool,
  stop_grace_period: duration,
  storage_opt: labels,
  sysctls: labels,
  tmpfs: list,
  tty: bool,
  ulimits,
  volumes,
  blkio_config: blkio,
  credential_spec: (v) => v,
  logging: (v) => {
    const l = { ...(v as Obj) };
    if (isObj(l.options)) l.options = Object.fromEntries(Object.entries(l.options).map(([k, o]) => [k, o === null ? null : String(o)]));
    return l;
  },
};

export function normalizeService(svc: Obj, ctx: NormalizeContext): Obj {
  const out: Obj = {};
  for (const [key, value] of Object.entries(svc)) {
    if (key === 'extends') continue; // resolved by the front half; never printed
    const conv = FIELDS[key];
    try {
      out[key] = conv ? conv(value, ctx) : value;
    } catch (err) {
      const index = (err as { index?: number }).index;
      const sep = index === undefined ? ': ' : '';
      throw Object.assign(new Error(`${key}${sep}${(err as Error).message}`, { cause: err }), { field: key, index });
    }
  }
  // Falsy booleans are Go zero values, omitted from the model as compose prints it.
  for (const k of ['privileged', 'read_only', 'stdin_open', 'tty', 'oom_kill_disable', 'use_api_socket']) if (out[k] === false) delete out[k];
  if (ctx.normalize && out.pull_policy === 'if_not_present') out.pull_policy = 'missing';
  return compact(out);
}

function hooks(v: unknown): unknown {
  return (v as Obj[]).map((h) => compact({
    ...h,
    command: command(h.command, undefined as never),
    environment: h.environment === undefined ? undefined : toEnvMap(h.environment),
    privileged: h.privileged === undefined ? undefined : bool(h.privileged, undefined as never),
    per_replica: h.per_replica === undefined ? undefined : bool(h.per_replica, undefined as never),
  }));
}

function blkio(v: unknown): unknown {
  const b = { ...(v as Obj) };
  for (const k of ['device_read_bps', 'device_write_bps']) {
    if (Array.isArray(b[k])) b[k] = (b[k] as Obj[]).map((d) => ({ path: d.path, rate: bytes(d.rate, undefined as never) }));
  }
  for (const k of ['device_read_iops', 'device_write_iops']) {
    if (Array.isArray(b[k])) b[k] = (b[k] as Obj[]).map((d) => ({ path: d.path, rate: toInt(d.rate) }));
  }
  if (Array.isArray(b.weight_device)) b.weight_device = (b.weight_device as Obj[]).map((d) => ({ path: d.path, weight: toInt(d.weight) }));
  if (b.weight !== undefined) b.weight = toInt(b.weight);
  return b;
}

function updateConfig(u: Obj): Obj {
  return compact({
    ...u,
    parallelism: u.parallelism === undefined ? undefined : toInt(u.parallelism),
    delay: u.delay === undefined ? undefined : duration(u.delay, undefined as never),
    monitor: u.monitor === undefined ? undefined : duration(u.monitor, undefined as never),
    max_failure_ratio: u.max_failure_ratio === undefined ? undefined : Number(u.max_failure_ratio),
  });
}

function resource(r: Obj): Obj {
  return compact({
    ...r,
    cpus: r.cpus === undefined ? undefined : Number(r.cpus),
    memory: r.memory === undefined ? undefined : bytes(r.memory, undefined as never),
    pids: r.pids === undefined ? undefined : toInt(r.pids),
    devices: Array.isArray(r.devices) ? (r.devices as Obj[]).map(deviceRequest) : undefined,
    generic_resources: Array.isArray(r.generic_resources)
      ? (r.generic_resources as Obj[]).map((g) => (isObj(g.discrete_resource_spec) ? { ...g, discrete_resource_spec: { ...g.discrete_resource_spec, value: toInt(g.discrete_resource_spec.value) } } : g))
      : undefined,
  });
}

function deploy(d: Obj, _ctx: NormalizeContext): Obj {
  const out: Obj = { ...d };
  if (out.replicas !== undefined) out.replicas = toInt(out.replicas);
  if (out.labels !== undefined) out.labels = toLabelMap(out.labels);
  if (isObj(out.update_config)) out.update_config = updateConfig(out.update_config);
  if (isObj(out.rollback_config)) out.rollback_config = updateConfig(out.rollback_config);
  if (isObj(out.resources)) {
    const r = { ...out.resources };
    if (isObj(r.limits)) r.limits = resource(r.limits);
    if (isObj(r.reservations)) r.reservations = resource(r.reservations);
    out.resources = r;
  }
  if (isObj(out.restart_policy)) {
    const p = { ...out.restart_policy };
    for (const k of ['delay', 'window']) if (p[k] !== undefined) p[k] = duration(p[k], undefined as never);
    if (p.max_attempts !== undefined) p.max_attempts = toInt(p.max_attempts);
    out.restart_policy = p;
  }
  if (isObj(out.placement) && out.placement.max_replicas_per_node !== undefined) {
    out.placement = { ...out.placement, max_replicas_per_node: toInt(out.placement.max_replicas_per_node) };
  }
  return out;
}

function develop(d: Obj, ctx: NormalizeContext): Obj {
  if (!Array.isArray(d.watch)) return d;
  return {
    ...d,
    watch: (d.watch as Obj[]).map((w) => compact({
      ...w,
      path: absPath(String(w.path), ctx),
      ignore: w.ignore === undefined ? undefined : list(w.ignore, ctx),
      include: w.include === undefined ? undefined : list(w.include, ctx),
      exec: isObj(w.exec) ? hooks([w.exec]) && (hooks([w.exec]) as Obj[])[0] : undefined,
    })),
  };
}

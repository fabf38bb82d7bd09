// After substitution every value is a string; where the spec wants a number or a boolean the
// string is cast back, by path. The table is compose-go's loader/interpolate.go
// (interpolateTypeCastMapping), plus depends_on.required/restart and enable_ipv4 which newer
// compose-spec schemas also type as booleans.
import { type Pattern, pattern } from '../yaml/tree-path';

export type Cast = (value: string, warn: (msg: string) => void) => unknown;

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export const toInt: Cast = (v) => {
  if (!INT.test(v)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
};

export const toFloat: Cast = (v) => {
  if (!FLOAT.test(v)) throw new Error(`strconv.ParseFloat: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
};

/** YAML 1.2 booleans; the YAML 1.1 spellings still work, with a warning, as in compose-go. */
export const toBoolean: Cast = (v, warn) => {
  const lower = v.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (['y', 'yes', 'on'].includes(lower)) {
    warn(`${JSON.stringify(v)} for boolean is not supported by YAML 1.2, please use \`true\``);
    return true;
  }
  if (['n', 'no', 'off'].includes(lower)) {
    warn(`${JSON.stringify(v)} for boolean is not supported by YAML 1.2, please use \`false\``);
    return false;
  }
  throw new Error(`invalid boolean: ${v}`);
};

const svc = (rest: string): string => `services.*.${rest}`;

const TABLE: Array<[string, Cast]> = [
  [svc('configs.[].mode'), toInt],
  [svc('cpu_count'), toInt],
  [svc('cpu_percent'), toFloat],
  [svc('cpu_period'), toInt],
  [svc('cpu_quota'), toInt],
  [svc('cpu_rt_period'), toInt],
  [svc('cpu_rt_runtime'), toInt],
  [svc('cpus'), toFloat],
  [svc('cpu_shares'), toInt],
  [svc('init'), toBoolean],
  [svc('depends_on.*.required'), toBoolean],
  [svc('depends_on.*.restart'), toBoolean],
  [svc('deploy.replicas'), toInt],
  [svc('deploy.update_config.parallelism'), toInt],
  [svc('deploy.update_config.max_failure_ratio'), toFloat],
  [svc('deploy.rollback_config.parallelism'), toInt],
  [svc('deploy.rollback_config.max_failure_ratio'), toFloat],
  [svc('deploy.restart_policy.max_attempts'), toInt],
  [svc('deploy.placement.max_replicas_per_node'), toInt],
  [svc('healthcheck.retries'), toInt],
  [svc('healthcheck.disable'), toBoolean],
  [svc('oom_kill_disable'), toBoolean],
  [svc('oom_score_adj'), toInt],
  [svc('pids_limit'), toInt],
  [svc('ports.[].target'), toInt],
  [svc('privileged'), toBoolean],
  [svc('read_only'), toBoolean],
  [svc('scale'), toInt],
  [svc('secrets.[].mode'), toInt],
  [svc('stdin_open'), toBoolean],
  [svc('tty'), toBoolean],
  [svc('ulimits.*'), toInt],
  [svc('ulimits.*.hard'), toInt],
  [svc('ulimits.*.soft'), toInt],
  [svc('volumes.[].read_only'), toBoolean],
  [svc('volumes.[].volume.nocopy'), toBoolean],
  ['networks.*.external', toBoolean],
  ['networks.*.internal', toBoolean],
  ['networks.*.attachable', toBoolean],
  ['networks.*.enable_ipv4', toBoolean],
  ['networks.*.enable_ipv6', toBoolean],
  ['volumes.*.external', toBoolean],
  ['secrets.*.external', toBoolean],
  ['configs.*.external', toBoolean],
];

export const TYPE_CASTS: ReadonlyArray<readonly [Pattern, Cast]> = TABLE.map(([p, c]) => [pattern(p), c] as const);

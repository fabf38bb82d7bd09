// The types an image config must have where Berth reads it, checked when the config enters the
// store: a config whose Env is a string or whose history is an object would otherwise load and
// then answer 500 with a JavaScript message at inspect, create or save. Loose (unknown fields
// stay, as the config bytes are the image id); nulls are accepted where Docker writes them.
import { z } from 'zod';

const strings = z.array(z.string());
const stringMap = z.record(z.string(), z.string());
const objectMap = z.record(z.string(), z.object({}).loose());

const containerDefaults = z.object({
  User: z.string().optional(),
  ExposedPorts: objectMap.nullable().optional(),
  Env: strings.nullable().optional(),
  Entrypoint: strings.nullable().optional(),
  Cmd: strings.nullable().optional(),
  Volumes: objectMap.nullable().optional(),
  WorkingDir: z.string().optional(),
  Labels: stringMap.nullable().optional(),
  StopSignal: z.string().optional(),
  Healthcheck: z.object({
    Test: strings.nullable().optional(),
    Interval: z.number().optional(),
    Timeout: z.number().optional(),
    Retries: z.number().optional(),
    StartPeriod: z.number().optional(),
    StartInterval: z.number().optional(),
  }).loose().nullable().optional(),
  OnBuild: strings.nullable().optional(),
  Shell: strings.nullable().optional(),
  ArgsEscaped: z.boolean().optional(),
}).loose();

const historyEntry = z.object({
  created: z.string().optional(),
  created_by: z.string().optional(),
  author: z.string().optional(),
  comment: z.string().optional(),
  empty_layer: z.boolean().optional(),
}).loose();

export const imageConfigSchema = z.object({
  architecture: z.string().optional(),
  os: z.string().optional(),
  variant: z.string().optional(),
  created: z.string().optional(),
  author: z.string().optional(),
  docker_version: z.string().optional(),
  config: containerDefaults.nullable().optional(),
  rootfs: z.object({ type: z.string(), diff_ids: strings }).loose(),
  history: z.array(historyEntry).nullable().optional(),
}).loose();

/** The first problem, as "config.Env: expected array, received string". */
export function configProblem(value: unknown): string | undefined {
  const r = imageConfigSchema.safeParse(value);
  if (r.success) return undefined;
  const issue = r.error.issues[0];
  const where = issue.path.map(String).join('.') || '(root)';
  return `${where}: ${issue.message.replace(/^Invalid input: /, '')}`;
}

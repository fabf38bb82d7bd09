// The Compose schema's shared building blocks ($defs in compose-spec.json): list_or_dict,
// string_or_list, command... Types such as ["boolean","string"] stay unions because the schema
// accepts the string form (interpolation produces strings; casting happens in normalisation).
import { z } from 'zod';
import { patterned, sobj, unique, xobj } from './extensible';

export const str = z.string();
export const boolOrStr = z.union([z.boolean(), z.string()]);
export const numOrStr = z.union([z.number(), z.string()]);
export const intOrStr = z.union([z.number().int(), z.string()]);
export const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const listOfStrings = unique(z.string());
export const stringOrList = z.union([z.string(), listOfStrings]);

/** A dictionary (values string/number/boolean/null, any non-empty key) or a list of unique strings. */
export const listOrDict = z.union([
  z.record(z.string().min(1), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  unique(z.string()),
]);

/** null | string (shell form) | string[] (exec form) */
export const command = z.union([z.null(), z.string(), z.array(z.string())]);

export const extraHosts = z.union([
  z.record(z.string().min(1), z.union([z.string(), z.array(z.string())])),
  unique(z.string()),
]);

/** driver_opts: values string or number for keys matching ^.+$ */
export const driverOpts = patterned(/^.+$/, numOrStr);

export const envFile = z.union([
  z.string(),
  z.array(z.union([z.string(), sobj({ path: z.string(), format: z.string().optional(), required: boolOrStr.optional() })])),
]);

export const labelFile = z.union([z.string(), z.array(z.string())]);

const fileRef = xobj({
  source: str.optional(),
  target: str.optional(),
  uid: str.optional(),
  gid: str.optional(),
  mode: numOrStr.optional(),
});
/** service_config_or_secret: a list of names or {source, target, uid, gid, mode}. */
export const serviceConfigOrSecret = z.array(z.union([z.string(), fileRef]));

const ulimitPair = xobj({ hard: intOrStr, soft: intOrStr });
export const ulimits = patterned(/^[a-z]+$/, z.union([intOrStr, ulimitPair]));

/** The reservation shape shared by deploy.resources.reservations.devices. */
export const deviceRequests = z.array(
  xobj({
    capabilities: listOfStrings,
    count: intOrStr.optional(),
    device_ids: listOfStrings.optional(),
    driver: str.optional(),
    options: listOrDict.optional(),
  }),
);

/** gpus: "all" or a list of device requests (items accept unknown keys, as the schema writes it). */
export const gpus = z.union([
  z.literal('all'),
  z.array(
    z.looseObject({
      capabilities: listOfStrings.optional(),
      count: intOrStr.optional(),
      device_ids: listOfStrings.optional(),
      driver: str.optional(),
      options: listOrDict.optional(),
    }),
  ),
]);

export const serviceHook = xobj({
  command,
  user: str.optional(),
  privileged: boolOrStr.optional(),
  working_dir: str.optional(),
  environment: listOrDict.optional(),
});

export const preStartHook = xobj({
  command: command.optional(),
  image: str.optional(),
  user: str.optional(),
  privileged: boolOrStr.optional(),
  working_dir: str.optional(),
  environment: listOrDict.optional(),
  per_replica: boolOrStr.optional(),
});

export const healthcheck = xobj({
  disable: boolOrStr.optional(),
  interval: str.optional(),
  retries: numOrStr.optional(),
  test: z.union([z.string(), z.array(z.string())]).optional(),
  timeout: str.optional(),
  start_period: str.optional(),
  start_interval: str.optional(),
});

/** external: boolean | string | {name} (the mapping form is deprecated but valid). */
export const external = z.union([z.boolean(), z.string(), xobj({ name: str.optional() })]);

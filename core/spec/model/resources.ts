// Top-level resources as the Compose schema accepts them: networks, volumes, secrets, configs,
// models, include ($defs/network, volume, secret, config, model, include).
import { z } from 'zod';
import { sobj, xobj } from './extensible';
import { boolOrStr, driverOpts, external, listOrDict, str, stringOrList } from './primitives';

export const network = z.union([
  z.null(),
  xobj({
    name: str.optional(),
    driver: str.optional(),
    driver_opts: driverOpts.optional(),
    ipam: xobj({
      driver: str.optional(),
      config: z.array(xobj({
        subnet: str.optional(),
        ip_range: str.optional(),
        gateway: str.optional(),
        aux_addresses: z.record(z.string().min(1), z.string()).optional(),
      })).optional(),
      options: z.record(z.string().min(1), z.string()).optional(),
    }).optional(),
    external: external.optional(),
    internal: boolOrStr.optional(),
    enable_ipv4: boolOrStr.optional(),
    enable_ipv6: boolOrStr.optional(),
    attachable: boolOrStr.optional(),
    labels: listOrDict.optional(),
  }),
]);

export const volume = z.union([
  z.null(),
  xobj({
    name: str.optional(),
    driver: str.optional(),
    driver_opts: driverOpts.optional(),
    external: external.optional(),
    labels: listOrDict.optional(),
  }),
]);

export const secret = xobj({
  name: str.optional(),
  environment: str.optional(),
  file: str.optional(),
  external: external.optional(),
  labels: listOrDict.optional(),
  driver: str.optional(),
  driver_opts: driverOpts.optional(),
  template_driver: str.optional(),
});

export const config = xobj({
  name: str.optional(),
  content: str.optional(),
  environment: str.optional(),
  file: str.optional(),
  external: external.optional(),
  labels: listOrDict.optional(),
  template_driver: str.optional(),
});

export const model = xobj({
  name: str.optional(),
  model: str,
  context_size: z.number().int().optional(),
  runtime_flags: z.array(z.string()).optional(),
});

export const include = z.union([
  z.string(),
  sobj({ path: stringOrList.optional(), env_file: stringOrList.optional(), project_directory: str.optional() }),
]);

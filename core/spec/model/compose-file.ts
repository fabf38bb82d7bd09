// The whole compose file as the Compose schema accepts it (compose-spec.compose-go.json, the
// superset of compose-spec.json): the zod twin of the JSON schema, checked against it by
// test/conformance/schema.test.ts.
import { z } from 'zod';
import { keyed, patterned, xobj } from './extensible';
import { config, include, model, network, secret, volume } from './resources';
import { serviceInput } from './service';

const NAME = /^[a-zA-Z0-9._-]+$/;

export const composeFile = xobj({
  version: z.string().optional(),
  name: z.string().optional(),
  include: z.array(include).optional(),
  services: keyed(NAME, serviceInput).optional(),
  models: patterned(NAME, model).optional(),
  networks: patterned(NAME, network).optional(),
  volumes: keyed(NAME, volume).optional(),
  secrets: keyed(NAME, secret).optional(),
  configs: keyed(NAME, config).optional(),
});

export type ComposeFile = z.infer<typeof composeFile>;

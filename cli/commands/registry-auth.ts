// The X-Registry-Auth value for an image, from the user's docker config (core/registry), as the
// docker CLI resolves it before every pull and push.
import { DockerConfig, encodeAuth } from '../../core/registry/docker-config';
import { registryOf } from '../../core/registry/reference';
import type { CommandContext } from '../context';

export async function authFor(image: string, ctx: CommandContext): Promise<string> {
  const host = registryOf(image);
  return encodeAuth(await new DockerConfig(ctx.env).get(host));
}

// The engine's registry settings, read from <root>/daemon.json with dockerd's keys
// ("insecure-registries", "registry-mirrors") so a daemon.json written for Docker works here;
// BERTH_CERTS_DIR (tests) replaces /etc/docker/certs.d; BERTH_REGISTRY_LOOPBACK_ONLY=1 (tests) keeps
// every registry call on 127.0.0.0/8. A missing file means defaults; a
// malformed one stops the engine with a message rather than silently ignoring a setting.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineError } from '../errors';
import type { RegistryConfig } from '../distribution/index';

export async function readRegistryConfig(root: string, env: NodeJS.ProcessEnv): Promise<RegistryConfig> {
  const path = join(root, 'daemon.json');
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const cfg: RegistryConfig = {
    ...(env.BERTH_CERTS_DIR ? { certsDir: env.BERTH_CERTS_DIR } : {}),
    // Test suites: an image missing by mistake must never send an engine to Docker Hub.
    ...(env.BERTH_REGISTRY_LOOPBACK_ONLY === '1' ? { loopbackOnly: true } : {}),
  };
  if (text === undefined) return cfg;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new EngineError('INVALID_ARGUMENT', `${path} is not valid JSON`, { cause: err });
  }
  const list = (k: string): string[] | undefined => {
    const v = json[k];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new EngineError('INVALID_ARGUMENT', `${path}: "${k}" must be a list of strings`);
    return v as string[];
  };
  return { ...cfg, insecure: list('insecure-registries'), mirrors: list('registry-mirrors') };
}

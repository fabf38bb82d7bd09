// The config hash compose puts in the `com.docker.compose.config-hash` label: sha256 of the
// service's JSON with what must not cause a recreate removed (docker/compose ServiceHash:
// build, pull_policy, scale, deploy.replicas, depends_on, profiles).
import { createHash } from 'node:crypto';
import { canonicalService } from './print';

export function hashableService(svc: Record<string, unknown>): Record<string, unknown> {
  const { build: _b, pull_policy: _p, scale: _s, depends_on: _d, profiles: _pr, ...all } = svc;
  // Extensions are `json:"-"` in compose-go's ServiceConfig: they never reach the hash.
  const rest = Object.fromEntries(Object.entries(all).filter(([k]) => !k.startsWith('x-')));
  if (rest.deploy && typeof rest.deploy === 'object') {
    const { replicas: _r, ...deploy } = rest.deploy as Record<string, unknown>;
    rest.deploy = deploy;
  }
  return rest;
}

/** Go's encoding/json escapes these; so do we, so equal configs hash equal across tools. */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function serviceHash(svc: Record<string, unknown>): string {
  return createHash('sha256').update(goJson(canonicalService(hashableService(svc)))).digest('hex');
}

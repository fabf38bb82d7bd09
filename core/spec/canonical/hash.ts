// The config hash compose puts in the `com.docker.compose.config-hash` label: sha256 of the
// service's JSON with what must not cause a recreate removed (docker/compose ServiceHash:
// build, pull_policy, scale, deploy.replicas, depends_on, profiles).
import { createHash } from 'node:crypto';
import { canonicalService } from './print';

export function hashableService(svc: Record<string, unknown>): Record<string, unknown> {
  const { build: _b, pull_policy: _p, scale: _s, depends_on: _d, profiles: _pr, ...rest } = svc;
  if (rest.deploy && typeof rest.deploy === 'object') {
    const { replicas: _r, ...deploy } = rest.deploy as Record<string, unknown>;
    rest.deploy = deploy;
  }
  return rest;
}

export function serviceHash(svc: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(canonicalService(hashableService(svc)))).digest('hex');
}

// Why an existing container must be replaced, or undefined when it is up to date
// (compose reconcile.go mustRecreate). The first reason found wins, in compose's order.
import type { Cause } from '../plan/cause';
import { normalizeImageRef } from '../observe/image-ref';
import type { ObservedContainer } from '../observe/observed-state';
import type { UpContext } from './context';
import { findNetwork, findVolume } from './find-resource';
import type { DesiredService } from './input';
import type { RecreateStrategy } from './options';

export function strategyFor(ctx: UpContext, service: string): RecreateStrategy {
  const named = ctx.options.services;
  return named.length === 0 || named.includes(service) ? ctx.options.recreate : ctx.options.recreateDependencies;
}

export function recreateReason(ctx: UpContext, svc: DesiredService, c: ObservedContainer, strategy: RecreateStrategy): Cause | undefined {
  if (strategy === 'never') return undefined;
  if (strategy === 'force') return { kind: 'force-recreate' };
  // A recreated namespace/volumes_from parent leaves `container:<old id>` behind in this one.
  const parent = svc.namespaceParents.find((p) => ctx.recreatedServices.has(p));
  if (parent !== undefined) return { kind: 'dependency-recreated', dep: parent };
  if (c.configHash !== svc.configHash) return { kind: 'config-changed', old: c.configHash, new: svc.configHash };
  // The digest is known only for an image present locally; the executor pulls before observing.
  const digest = ctx.observed.images[normalizeImageRef(svc.image)];
  if (digest !== undefined && c.imageDigest !== digest) return { kind: 'image-changed', old: c.imageDigest, new: digest };
  if (c.state === 'running') {
    const network = missingNetwork(ctx, svc, c);
    if (network !== undefined) return { kind: 'network-missing', network };
  }
  const volume = missingVolume(ctx, svc, c);
  if (volume !== undefined) return { kind: 'volume-missing', volume };
  return undefined;
}

/** A declared network that exists but the running container is not attached to. */
function missingNetwork(ctx: UpContext, svc: DesiredService, c: ObservedContainer): string | undefined {
  for (const key of [...svc.networks].sort()) {
    const desired = ctx.project.networks[key];
    const live = desired === undefined ? undefined : findNetwork(ctx.observed, desired);
    if (live !== undefined && !c.networks.includes(live.name)) return live.name;
  }
  return undefined;
}

/** A declared named volume that exists but is not mounted in the container. */
function missingVolume(ctx: UpContext, svc: DesiredService, c: ObservedContainer): string | undefined {
  for (const key of [...svc.volumes].sort()) {
    const desired = ctx.project.volumes[key];
    const live = desired === undefined ? undefined : findVolume(ctx.observed, desired);
    if (live !== undefined && !c.volumes.includes(live.name)) return live.name;
  }
  return undefined;
}

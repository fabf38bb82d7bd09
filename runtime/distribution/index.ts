// runtime/distribution: the engine's registry client (OCI Distribution Spec v1.1, Docker
// Registry HTTP API v2), filling the same content store and image records as `image load`.
//
//   const dist = new DistributionService({ target: images.pullTarget(), source, config })
//   dist.pull(ref, { platform?, allPlatforms?, creds, onProgress })  → { id, name, digest, upToDate }
//   dist.push(ref, { platform?, creds, onProgress })  → { tag, digest, size } (an index pulled
//                                                        with every platform goes up whole)
//   dist.login(creds)                                 → { status, identityToken? }
//   dist.inspect(ref, creds)                          → { Descriptor, Platforms }
//   decodeRegistryAuth(X-Registry-Auth header)        → RegistryCredentials
// Errors are EngineError: NOT_FOUND (unknown image/tag), FAILED_PRECONDITION (401/403),
// UNAVAILABLE (registry down, 5xx after retries), INVALID_ARGUMENT (bad manifest, digest mismatch).
export { DistributionService } from './service';
export type { DistributionOptions, DistributionInspect } from './service';
export type { RegistryConfig } from './hosts';
export { isLoopbackHost } from './hosts';
export type { RegistryCredentials } from './credentials';
export { decodeRegistryAuth, credentialsFromJson } from './credentials';
export type { ProgressEvent, OnProgress } from './progress';
export type { PullResult } from './pull';
export type { PushResult, PushSource } from './push';
export type { LoginResult } from './login';
export { registryDomain } from './login';
export { parsePlatform, formatPlatform } from './platform';
export type { Platform } from './platform';

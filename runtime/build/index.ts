// runtime/build: the engine's builder (Dockerfile frontend, cache, each RUN a container on the
// engine's own OCI runtime), as dockerd carries its classic builder.
//
//   const builder = new Builder({ root, images, runtime, cgroupParent, host, now, platform })
//   const id = await builder.build(contextTar, options, (ev) => ...)   ev: { stream } | { aux: { ID } }
//   await builder.prune()                                             forgets the step cache
export { Builder } from './builder';
export type { BuilderOptions } from './builder';
export type { BuildOptions, BuildEvent, Emit } from './types';
export { BuildError } from './errors';
export { parseDockerfile } from './dockerfile';
export { processWords, processWord } from './shell-lex';

// core/engine: the typed client for berthd (or any engine speaking the Docker API) and
// ensureEngine(), which starts the embedded engine when nothing answers.
export { EngineClient, forEachJsonLine, type FilterMap } from './client';
export { ContainerHandle } from './container';
export type { AttachedStream } from './attached';
export { ImageHandle } from './image';
export { ExecHandle } from './exec';
export { Transport, codeForStatus, engineAbsent, type RequestOptions, type EngineStarter } from './transport';
export { demuxStream, rawStream, isMultiplexed } from './demux';
export { ensureEngine, startEngine, daemonLogPath, alive, type EnsureOptions, type EnsuredEngine } from './ensure';
export { readEnginePid, stopEngineProcess } from './pid';
export { resolveEngineConfig, takeEngineFlags, socketPathOf, DEFAULT_ROOT, DEFAULT_SOCKET, type EngineConfig, type EngineFlags } from './config';
export { NetworkApi, endpointConfig, type NetworkConnectOptions, type NetworkFilters } from './network';
export { VolumeApi, type VolumeFilters } from './volume';
export { buildImage, pruneBuildCache, type BuildQuery } from './build';

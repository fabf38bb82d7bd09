// runtime/api: berthd's Docker Engine API subset over a unix socket.
//
//   const router = buildRouter(backends, { now: Date.now });
//   const server = new ApiServer({ router, commonHeaders: commonHeaders() });
//   await server.listen('/run/berth/berth.sock');   // mode 0660
//   ...
//   await server.close();
//
// `backends` (see backend.ts) are the services in Docker's terms; runtime/daemon adapts the real
// services to them. Image and container routes answer 501 when their backend is absent.
import { Router } from './http/router';
import { addSystemRoutes, pingHeaders } from './routes/system';
import { addEventRoutes } from './routes/events';
import { addImageRoutes } from './routes/images';
import { addContainerRoutes } from './routes/containers';
import { addExecRoutes } from './routes/exec';
import { addNetworkRoutes } from './routes/networks';
import { addVolumeRoutes } from './routes/volumes';
import { addDistributionRoutes } from './routes/distribution';
import { addBuildRoutes } from './routes/build';
import { need } from './routes/need';
import type { Backends } from './backend';

export { ApiServer, type ApiServerOptions } from './http/server';
export { Router } from './http/router';
export { ApiContext } from './http/context';
export { errorReply, statusForCode } from './http/status';
export { frame, FrameDecoder, STDOUT, STDERR, STDIN, SYSTEMERR } from './stdcopy';
export { API_VERSION_MAX, API_VERSION_MIN, ENGINE_VERSION } from './version';
export type * from './backend';
export type { Filters } from './http/query';

export interface ApiClock {
  now(): number;
}

export function buildRouter(b: Backends, clock: ApiClock): Router {
  const r = new Router();
  addSystemRoutes(r, b);
  addEventRoutes(r, b, () => clock.now());
  addImageRoutes(r, b);
  addContainerRoutes(r, b, clock);
  addExecRoutes(r, b);
  addNetworkRoutes(r, b);
  addVolumeRoutes(r, b);
  addDistributionRoutes(r, b);
  addBuildRoutes(r, b);
  // Engine-private: `berth engine reset` asks the services to drop their kernel state
  // (bridges, namespaces, the nftables table) after it removed every object.
  r.post('/_berth/reset', async (ctx) => { await need(b.engine, 'engine operations').reset(); ctx.empty(204); });
  return r;
}

/** Headers dockerd sets on every response. */
export function commonHeaders(): Record<string, string> {
  const p = pingHeaders();
  return { 'Api-Version': p['Api-Version'], 'Ostype': p.Ostype, 'Docker-Experimental': p['Docker-Experimental'], 'Server': 'Berth-Engine' };
}

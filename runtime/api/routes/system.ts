// /_ping, /version, /info: what clients ask first. The docker CLI sends `HEAD /_ping` and reads
// API-Version / OSType / Docker-Experimental / Builder-Version from the headers; docker-py asks
// `GET /version`. Values mirror dockerd's (api/server/router/system/system_routes.go).
import { arch, cpus, hostname, release, totalmem, type as osType } from 'node:os';
import type { Router } from '../http/router';
import type { ApiContext } from '../http/context';
import type { Backends } from '../backend';
import type { InfoResponse, VersionResponse } from '../types';
import { API_VERSION_MAX, API_VERSION_MIN, ENGINE_VERSION } from '../version';

/** dockerd's GOARCH names for node's `os.arch()`. */
const GOARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' };

export function goArch(): string {
  return GOARCH[arch()] ?? arch();
}

export function pingHeaders(): Record<string, string> {
  return {
    'Api-Version': API_VERSION_MAX,
    'Ostype': 'linux',
    'Docker-Experimental': 'false',
    'Builder-Version': '1',
    'Cache-Control': 'no-cache, no-store, must-revalidate',
    'Pragma': 'no-cache',
  };
}

export function addSystemRoutes(r: Router, b: Backends): void {
  const ping = (ctx: ApiContext): void => {
    const headers = { ...pingHeaders(), 'Content-Type': 'text/plain; charset=utf-8' };
    if (ctx.req.method === 'HEAD') ctx.send(200, headers, '');
    else ctx.send(200, headers, 'OK');
  };
  r.get('/_ping', ping).head('/_ping', ping);
  r.get('/version', (ctx) => ctx.json(versionBody()));
  r.get('/info', async (ctx) => ctx.json(await infoBody(b)));
  r.get('/system/df', async (ctx) => ctx.json(await diskUsage(b)));
}

/** GET /system/df (`docker system df`): what each service lists, sizes as they report them. */
async function diskUsage(b: Backends): Promise<Record<string, unknown>> {
  const images = b.images ? await b.images.list({ all: false, filters: {} }) : [];
  const containers = b.containers ? await b.containers.list({ all: true, filters: {}, size: true }) : [];
  const volumes = b.volumes ? (await b.volumes.list({})).Volumes : [];
  const layers = images.reduce((n, i) => n + i.Size, 0);
  const used = new Set(containers.map((c) => c.ImageID));
  return {
    LayersSize: layers,
    Images: images.map((i) => ({ ...i, Containers: containers.filter((c) => c.ImageID === i.Id).length, SharedSize: used.has(i.Id) ? 0 : -1 })),
    Containers: containers,
    Volumes: volumes.map((v) => ({ ...v, UsageData: v.UsageData ?? { Size: -1, RefCount: 0 } })),
    BuildCache: [],
  };
}

export function versionBody(): VersionResponse {
  const details = { ApiVersion: API_VERSION_MAX, MinAPIVersion: API_VERSION_MIN, Os: 'linux', Arch: goArch(), KernelVersion: release() };
  return {
    Platform: { Name: 'Berth Engine' },
    Components: [{ Name: 'Engine', Version: ENGINE_VERSION, Details: { ...details, GitCommit: '', GoVersion: `node${process.versions.node}`, Experimental: 'false' } }],
    Version: ENGINE_VERSION,
    ApiVersion: API_VERSION_MAX,
    MinAPIVersion: API_VERSION_MIN,
    GitCommit: '',
    GoVersion: `node${process.versions.node}`,
    Os: 'linux',
    Arch: goArch(),
    KernelVersion: release(),
    Experimental: false,
    BuildTime: '',
  };
}

async function infoBody(b: Backends): Promise<InfoResponse> {
  const containers = b.containers ? await b.containers.list({ all: true, filters: {}, size: false }) : [];
  const images = b.images ? await b.images.list({ all: false, filters: {} }) : [];
  const count = (s: string): number => containers.filter((c) => c.State === s).length;
  const s = b.system;
  return {
    ID: s.id, Containers: containers.length, ContainersRunning: count('running'), ContainersPaused: count('paused'),
    ContainersStopped: containers.length - count('running') - count('paused'), Images: images.length,
    Driver: s.storageDriver, DriverStatus: [], Plugins: { Volume: ['local'], Network: ['bridge', 'host', 'null'], Authorization: null, Log: ['json-file'] },
    MemoryLimit: true, SwapLimit: false, CpuCfsPeriod: true, CpuCfsQuota: true, PidsLimit: true, IPv4Forwarding: true,
    Debug: false, NFd: 0, NGoroutines: 0, SystemTime: new Date().toISOString(), LoggingDriver: 'json-file',
    CgroupDriver: s.cgroupDriver, CgroupVersion: s.cgroupVersion, NEventsListener: 0, KernelVersion: release(),
    OperatingSystem: osType(), OSVersion: '', OSType: 'linux', Architecture: arch() === 'x64' ? 'x86_64' : arch(),
    NCPU: cpus().length, MemTotal: totalmem(), IndexServerAddress: 'https://index.docker.io/v1/',
    RegistryConfig: { IndexConfigs: {}, InsecureRegistryCIDRs: ['127.0.0.0/8'] }, DockerRootDir: s.rootDir,
    HttpProxy: '', HttpsProxy: '', NoProxy: '', Name: s.name || hostname(), Labels: [], ExperimentalBuild: false,
    ServerVersion: ENGINE_VERSION, Runtimes: s.runtimes, DefaultRuntime: s.defaultRuntime,
    Swarm: { LocalNodeState: 'inactive', NodeID: '', NodeAddr: '', ControlAvailable: false, Error: '', RemoteManagers: null },
    LiveRestoreEnabled: true, Isolation: '', InitBinary: s.initBinary, SecurityOptions: s.securityOptions, Warnings: null,
  };
}

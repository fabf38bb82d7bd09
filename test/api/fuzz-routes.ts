// The API's routes as the fuzz test drives them: method, path (":id"/":name" filled with a live
// object or a generated string), the query keys each reads, and for body routes a valid body and
// the fields to break. Destructive routes come last.
type Path = Array<string | number>;

export interface FuzzRoute {
  method: string;
  path: string;
  query: string[];
  body?: { template: unknown; paths: Path[] };
  runs?: number;
}

const FILTERS = ['filters'];

const createBody = {
  template: {
    Image: 'bb', Cmd: ['true'], Env: ['A=1'], Labels: { a: 'b' }, ExposedPorts: { '80/tcp': {} }, Volumes: { '/v': {} },
    Healthcheck: { Test: ['CMD', 'true'], Interval: 1e9 }, StopTimeout: 1, User: '', WorkingDir: '',
    HostConfig: {
      Memory: 0, Binds: [], RestartPolicy: { Name: 'no' }, PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '0' }] },
      Mounts: [{ Type: 'volume', Source: 'fuzzvol', Target: '/data' }], Tmpfs: { '/t': 'size=1m' },
      LogConfig: { Type: 'k8s-file', Config: { 'max-size': '1m', 'max-file': '2' } }, Ulimits: [{ Name: 'nofile', Soft: 10, Hard: 10 }],
      Sysctls: {}, CapAdd: [], Dns: [], ExtraHosts: ['h:127.0.0.1'], NetworkMode: 'fuzznet',
    },
    NetworkingConfig: { EndpointsConfig: { fuzznet: { Aliases: ['a'], IPAMConfig: { IPv4Address: '' } } } },
  },
  paths: [['Image'], ['Cmd'], ['Cmd', 0], ['Env', 0], ['Labels'], ['Labels', 'a'], ['ExposedPorts'], ['ExposedPorts', '80/tcp'], ['Volumes'],
    ['Healthcheck'], ['Healthcheck', 'Test'], ['StopTimeout'], ['User'], ['WorkingDir'], ['Entrypoint'], ['Tty'], ['StopSignal'],
    ['HostConfig'], ['HostConfig', 'Memory'], ['HostConfig', 'Binds'], ['HostConfig', 'Binds', 0], ['HostConfig', 'RestartPolicy'],
    ['HostConfig', 'RestartPolicy', 'Name'], ['HostConfig', 'PortBindings'], ['HostConfig', 'PortBindings', '80/tcp'],
    ['HostConfig', 'PortBindings', '80/tcp', 0, 'HostPort'], ['HostConfig', 'PortBindings', '80/tcp', 0, 'HostIp'],
    ['HostConfig', 'Mounts', 0], ['HostConfig', 'Mounts', 0, 'Type'], ['HostConfig', 'Mounts', 0, 'Source'], ['HostConfig', 'Mounts', 0, 'Target'],
    ['HostConfig', 'Tmpfs'], ['HostConfig', 'LogConfig'], ['HostConfig', 'LogConfig', 'Config', 'max-size'], ['HostConfig', 'LogConfig', 'Config', 'max-file'],
    ['HostConfig', 'Ulimits', 0], ['HostConfig', 'Ulimits', 0, 'Soft'], ['HostConfig', 'Sysctls'], ['HostConfig', 'ExtraHosts', 0],
    ['HostConfig', 'NetworkMode'], ['HostConfig', 'VolumesFrom'], ['HostConfig', 'Init'], ['HostConfig', 'CpuQuota'], ['HostConfig', 'ShmSize'],
    ['NetworkingConfig'], ['NetworkingConfig', 'EndpointsConfig'], ['NetworkingConfig', 'EndpointsConfig', 'fuzznet'],
    ['NetworkingConfig', 'EndpointsConfig', 'fuzznet', 'Aliases'], ['NetworkingConfig', 'EndpointsConfig', 'fuzznet', 'IPAMConfig']],
};

export const FUZZ_ROUTES: FuzzRoute[] = [
  { method: 'GET', path: '/_ping', query: [] },
  { method: 'GET', path: '/version', query: [] },
  { method: 'GET', path: '/info', query: [] },
  { method: 'GET', path: '/system/df', query: [] },
  { method: 'GET', path: '/events', query: ['since', 'until', ...FILTERS] },
  { method: 'GET', path: '/images/json', query: ['all', ...FILTERS] },
  { method: 'GET', path: '/images/:name*/json', query: [] },
  { method: 'GET', path: '/images/:name*/history', query: [] },
  { method: 'GET', path: '/images/:name*/get', query: [], runs: 10 },
  { method: 'GET', path: '/images/get', query: ['names'], runs: 10 },
  { method: 'POST', path: '/images/:name*/tag', query: ['repo', 'tag'] },
  { method: 'POST', path: '/images/load', query: ['quiet'], body: { template: {}, paths: [['x']] }, runs: 15 },
  { method: 'POST', path: '/images/create', query: ['fromSrc', 'fromImage', 'repo', 'tag', 'message', 'changes'], body: { template: {}, paths: [['x']] }, runs: 15 },
  { method: 'POST', path: '/containers/create', query: ['name', 'platform'], body: createBody, runs: 80 },
  { method: 'GET', path: '/containers/json', query: ['all', 'limit', 'size', ...FILTERS] },
  { method: 'GET', path: '/containers/:id/json', query: ['size'] },
  { method: 'GET', path: '/containers/:id/top', query: ['ps_args'] },
  { method: 'GET', path: '/containers/:id/logs', query: ['follow', 'stdout', 'stderr', 'since', 'until', 'timestamps', 'tail'] },
  { method: 'GET', path: '/containers/:id/stats', query: ['stream', 'one-shot'] },
  { method: 'POST', path: '/containers/:id/resize', query: ['h', 'w'] },
  { method: 'POST', path: '/containers/:id/attach', query: ['stream', 'stdin', 'stdout', 'stderr', 'logs', 'detachKeys'] },
  { method: 'POST', path: '/containers/:id/wait', query: ['condition'] },
  { method: 'HEAD', path: '/containers/:id/archive', query: ['path'] },
  { method: 'GET', path: '/containers/:id/archive', query: ['path'] },
  { method: 'PUT', path: '/containers/:id/archive', query: ['path', 'noOverwriteDirNonDir', 'copyUIDGID'], body: { template: {}, paths: [['x']] } },
  { method: 'POST', path: '/containers/:id/exec', query: [], body: {
    template: { Cmd: ['true'], AttachStdout: true, Env: ['A=1'], User: '', WorkingDir: '', Tty: false, ConsoleSize: [1, 1] },
    paths: [['Cmd'], ['Cmd', 0], ['AttachStdout'], ['Env'], ['Env', 0], ['User'], ['WorkingDir'], ['Tty'], ['ConsoleSize'], ['ConsoleSize', 0], ['Privileged']],
  }, runs: 40 },
  { method: 'POST', path: '/exec/:id/start', query: [], body: { template: { Detach: true, Tty: false }, paths: [['Detach'], ['Tty'], ['ConsoleSize']] } },
  { method: 'GET', path: '/exec/:id/json', query: [] },
  { method: 'POST', path: '/exec/:id/resize', query: ['h', 'w'] },
  { method: 'POST', path: '/containers/:id/pause', query: [] },
  { method: 'POST', path: '/containers/:id/unpause', query: [] },
  { method: 'POST', path: '/containers/:id/kill', query: ['signal'], runs: 10 },
  { method: 'POST', path: '/containers/:id/start', query: ['detachKeys'] },
  { method: 'POST', path: '/containers/:id/stop', query: ['t', 'signal'], runs: 10 },
  { method: 'POST', path: '/containers/:id/restart', query: ['t', 'signal'], runs: 10 },
  { method: 'POST', path: '/containers/:id/rename', query: ['name'] },
  { method: 'GET', path: '/networks', query: FILTERS },
  { method: 'GET', path: '/networks/:id', query: ['verbose', 'scope'] },
  { method: 'POST', path: '/networks/create', query: [], body: {
    template: { Name: 'fz', Driver: 'bridge', Internal: false, Attachable: true, IPAM: { Driver: 'default', Config: [{ Subnet: 'x' }] }, Options: {}, Labels: {} },
    paths: [['Name'], ['Driver'], ['Internal'], ['IPAM'], ['IPAM', 'Config'], ['IPAM', 'Config', 0], ['IPAM', 'Config', 0, 'Subnet'], ['Options'], ['Labels'], ['EnableIPv6']],
  }, runs: 30 },
  { method: 'POST', path: '/networks/:id/connect', query: [], body: {
    template: { Container: 'fuzz-target', EndpointConfig: { Aliases: ['x'], IPAMConfig: { IPv4Address: '' } } },
    paths: [['Container'], ['EndpointConfig'], ['EndpointConfig', 'Aliases'], ['EndpointConfig', 'IPAMConfig'], ['EndpointConfig', 'IPAMConfig', 'IPv4Address'], ['EndpointConfig', 'Links']],
  } },
  { method: 'POST', path: '/networks/:id/disconnect', query: [], body: { template: { Container: 'fuzz-target', Force: false }, paths: [['Container'], ['Force']] } },
  { method: 'GET', path: '/volumes', query: FILTERS },
  { method: 'GET', path: '/volumes/:name', query: [] },
  { method: 'POST', path: '/volumes/create', query: [], body: {
    template: { Name: 'fzv', Driver: 'local', DriverOpts: {}, Labels: {} },
    paths: [['Name'], ['Driver'], ['DriverOpts'], ['DriverOpts', 'type'], ['Labels'], ['Labels', 'a']],
  } },
  { method: 'DELETE', path: '/images/:name*', query: ['force', 'noprune'], runs: 10 },
  { method: 'POST', path: '/images/prune', query: FILTERS, runs: 5 },
  { method: 'POST', path: '/containers/prune', query: FILTERS, runs: 5 },
  { method: 'POST', path: '/networks/prune', query: FILTERS, runs: 5 },
  { method: 'POST', path: '/volumes/prune', query: FILTERS, runs: 5 },
  { method: 'DELETE', path: '/volumes/:name', query: ['force'] },
  { method: 'DELETE', path: '/networks/:id', query: [] },
  { method: 'DELETE', path: '/containers/:id', query: ['force', 'v', 'link'] },
  { method: 'POST', path: '/_berth/reset', query: [], runs: 2 },
];

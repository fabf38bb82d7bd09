// Import direction, as ../shared/DESIGN.md sets it: cli -> core -> (type only) runtime/api/types.ts.
// A forbidden arrow fails `npm run lint`, and so `npm test`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'runtime-not-to-core-or-cli', severity: 'error',
      from: { path: '^runtime/' }, to: { path: '^(core|cli)/' } },
    { name: 'core-not-to-cli', severity: 'error',
      from: { path: '^core/' }, to: { path: '^cli/' } },
    { name: 'core-only-runtime-api-types', severity: 'error',
      comment: 'core may only see runtime/api/types.ts, and only as types',
      from: { path: '^core/' }, to: { path: '^runtime/', pathNot: '^runtime/api/types\\.ts$' } },
    { name: 'core-runtime-types-type-only', severity: 'error',
      from: { path: '^core/' }, to: { path: '^runtime/api/types\\.ts$', dependencyTypesNot: ['type-only'] } },
    { name: 'cli-runtime-only-daemon-or-types', severity: 'error',
      comment: 'only the command that starts the daemon imports runtime/daemon',
      from: { path: '^cli/', pathNot: '^cli/commands/engine-daemon\\.ts$' }, to: { path: '^runtime/', pathNot: '^runtime/api/types\\.ts$' } },
    { name: 'pure-spec-reconcile', severity: 'error',
      comment: 'core/spec and core/reconcile are pure: no fs, sockets, clocks, processes',
      from: { path: '^core/(spec|reconcile)/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|net|http|https|child_process|dgram|os|worker_threads|timers|timers/promises)$' } },
    { name: 'runtime-primitives-not-to-services', severity: 'error',
      comment: 'primitives never import services; only runtime/daemon wires them',
      from: { path: '^runtime/(content|snapshots|mount|oci|metadata)/' },
      to: { path: '^runtime/(images|containers|tasks|network|volumes|api|daemon)/' } },
    { name: 'build-only-images-and-primitives', severity: 'error',
      comment: 'the builder stands on images, snapshots, unpack and oci; never on containers, tasks, network, volumes, api or daemon',
      from: { path: '^runtime/build/' }, to: { path: '^runtime/(containers|tasks|network|volumes|api|daemon)/' } },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '(^|/)node_modules/' },
  },
};

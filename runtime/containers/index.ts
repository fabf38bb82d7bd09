// Containers in the embedded engine.
//
//   const svc = await ContainerService.open({ root, runDir, tasks, rootfs, images, events, host,
//                                              mounts?, network?, now?, logSizeMax?, cgroupParent? })
//     open() loads the records under <root>/containers and re-attaches to containers whose conmon
//     still runs (a berthd restart); dead ones are marked exited with conmon's exit code.
//   svc.create(ContainerCreateRequest, name?) → { Id, Warnings }     (POST /containers/create)
//   svc.start(ref) → false if already running (304) · stop(ref, {timeout, signal}) → false if not running
//   svc.kill(ref, signal='SIGKILL') · restart(ref) · pause(ref) · unpause(ref)
//   svc.remove(ref, {force, volumes}) · wait(ref, 'not-running'|'next-exit'|'removed', signal?)
//   svc.quiesce(): resolves when no removal's teardown is pending. remove() answers once the
//       container is gone from the API (record, name, volume references, destroy, removed waiters);
//       runtime delete, network, rootfs and dirs go after it, journalled under
//       <root>/containers/teardown and finished by the next open() if the engine died meanwhile.
//       Await quiesce() before what those could conflict with (network rm, image rm/GC, shutdown).
//   svc.rename(ref, name) · prune(filters) → {ContainersDeleted} · resize(ref, h, w) (TTY)
//   svc.inspect(ref) → ContainerInspect · list({all, filters, limit}) → ContainerSummary[]
//   svc.logs(ref, {stdout, stderr, since, until, tail, follow, signal}) → AsyncGenerator<LogEntry>
//       (entry.stream 'stdout'|'stderr', entry.text, entry.timeNs; dockerTimestamp(timeNs) for -t)
//   svc.attach(ref) → {stdout, stderr, stdin, close()}: live stdio via conmon's attach socket
//   svc.top(ref, psArgs?) · stats(ref) → ContainerStats (call once a second to stream)
//   svc.execCreate(ref, ExecCreateRequest) → id · execStart(id, {tty}) → ExecHandle {stdin,
//       stdout, stderr, exited: Promise<code>} · execInspect(id)
//   svc.statPath / getArchive(ref, path) → {stat, stream(tar)} / putArchive(ref, dir, tarStream)
//   Healthcheck (Config.Healthcheck): probes run as execs; inspect State.Health, events
//       'health_status: healthy|unhealthy', ps Status "Up 3 seconds (healthy)".
//   Restart policies: built in by default; with restartPolicies: 'external', runtime/restart's
//       RestartManager drives them via describeForRestart / policyRestart / markRestarting.
//   svc.close(): stops watching (containers keep running under conmon).
// `ref` is an id, a unique id prefix or a name. Errors are EngineError: NOT_FOUND, CONFLICT
// (wrong state, name in use), INVALID_ARGUMENT. Events go to the injected EventBus with Docker's
// actions (create, start, die, oom, kill, stop, pause, unpause, restart, destroy, exec_*).
// The daemon provides RootfsProvider (snapshots), ImageLookup (image store), MountProvider
// (runtime/volumes ContainerMounts) and NetworkHook (prepareNetwork → netnsPath, releaseNetwork).
export { ContainerService, secondsToNs, type LogsOptions } from './container-service';
export type { ContainerServiceOptions } from './container-lifecycle';
export { readHostFacts, type HostFacts } from './container-spec';
export type { RootfsProvider, ImageLookup, ImageDefaults, MountProvider, MountRequest, NetworkHook, NetworkAttachment } from './providers';
export type { ContainerRecord } from './record';
export { HostMounts } from './host-mounts';

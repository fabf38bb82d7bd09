// Named network namespaces (/run/netns/<name>, as `ip netns` keeps them) made and dropped in
// process: no spawn of `ip` (a fork of the engine costs 4-14 ms of the event loop here; making a
// namespace this way holds it ~0.4 ms).
import koffi from 'koffi';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { constants } from 'node:os';
import { EngineError } from '../errors';
import { CLONE_NEWNET, errnoName, rt, Rtnetlink, type Libc } from './netlink';

const NETNS_DIR = '/run/netns';
const MS_BIND = 0x1000;
const MS_REC = 0x4000;
const MS_SHARED = 0x100000;
const MNT_DETACH = 2;

/**
 * /run/netns as iproute2's netns_add leaves it: a mount point with shared propagation, so a
 * namespace mounted here is seen (and unmounted) in every mount namespace that copied it.
 */
function prepareDir(libc: Libc): void {
  mkdirSync(NETNS_DIR, { recursive: true, mode: 0o755 });
  if (libc.mount('none', NETNS_DIR, 'none', MS_SHARED | MS_REC, null) === 0) return;
  if (koffi.errno() !== constants.errno.EINVAL) throw new EngineError('INTERNAL', `making ${NETNS_DIR} shared: ${errnoName(koffi.errno())}`);
  // Not a mount point yet: bind it onto itself first, as ip does.
  if (libc.mount(NETNS_DIR, NETNS_DIR, 'none', MS_BIND | MS_REC, null) < 0 || libc.mount('none', NETNS_DIR, 'none', MS_SHARED | MS_REC, null) < 0) {
    throw new EngineError('INTERNAL', `mounting ${NETNS_DIR}: ${errnoName(koffi.errno())}`);
  }
}

/**
 * On this thread: unshare(CLONE_NEWNET) moves it into a new namespace, which is bind-mounted at
 * `path` and gets a netlink socket, then the thread goes back with setns. All of it synchronous,
 * so no other JS code runs in the new namespace; requests on worker threads name namespaces by
 * fd, never by pid.
 */
function mountNew(libc: Libc, path: string): Rtnetlink {
  const home = openSync('/proc/thread-self/ns/net', 'r');
  try {
    if (libc.unshare(CLONE_NEWNET) < 0) throw new EngineError('INTERNAL', `unshare(CLONE_NEWNET): ${errnoName(koffi.errno())}`);
    try {
      if (libc.mount('/proc/thread-self/ns/net', path, 'none', MS_BIND, null) < 0) throw new EngineError('INTERNAL', `mounting ${path}: ${errnoName(koffi.errno())}`);
      return Rtnetlink.inCurrent(libc, path);
    } finally {
      // Back home before anything else runs on this thread.
      if (libc.setns(home, CLONE_NEWNET) < 0) throw new EngineError('INTERNAL', `setns back to the engine's namespace: ${errnoName(koffi.errno())}`);
    }
  } finally {
    closeSync(home);
  }
}

/** ip netns add <name>, then loopback up. */
export async function createNetns(libc: Libc, name: string): Promise<void> {
  prepareDir(libc);
  const path = `${NETNS_DIR}/${name}`;
  closeSync(openSync(path, 'wx', 0o444));
  try {
    const nl = mountNew(libc, path);
    try {
      await nl.run([rt.setUp(1)]);
    } finally {
      nl.close();
    }
  } catch (err) {
    await deleteNetns(libc, name).catch(() => undefined);
    throw err;
  }
}

/**
 * ip netns del <name>: detach the bind mount and remove the file, with the unmount (namespace_sem,
 * propagation to the mount's peers: ~1 ms) on a worker thread. The kernel destroys the namespace
 * once nothing else holds it.
 */
export async function deleteNetns(libc: Libc, name: string): Promise<void> {
  const path = `${NETNS_DIR}/${name}`;
  // errno is not carried back from the worker: a mount that is not there (EINVAL) or a file
  // that is not (ENOENT) are told apart from a real failure by the file's state afterwards.
  await libc.umount2Async(path, MNT_DETACH);
  await unlink(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw new EngineError('INTERNAL', `removing ${path}: ${err.message}`, { cause: err });
  });
}

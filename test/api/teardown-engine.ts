// A berthd whose container teardowns never run (teardown.test.ts kills it with SIGKILL in that
// window): prints "ready" once it serves, and "paused <id>" when a removal's journal entry is
// written and its teardown is held.
//   node --import tsx test/api/teardown-engine.ts ROOT SOCKET NETWORK_PREFIX CGROUP_PARENT
import { Daemon } from '../../runtime/daemon/main';

const [root, socketPath, networkPrefix, cgroupParent] = process.argv.slice(2);
if (!cgroupParent) throw new Error('usage: teardown-engine.ts ROOT SOCKET NETWORK_PREFIX CGROUP_PARENT');
await Daemon.start({
  root, socketPath, networkPrefix, cgroupParent, log: () => undefined,
  beforeTeardown: async (id) => {
    process.stdout.write(`paused ${id}\n`);
    await new Promise(() => undefined); // held until the process is killed
  },
});
process.stdout.write('ready\n');

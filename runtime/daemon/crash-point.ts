// A test hook: BERTH_TEST_CRASH_AT=<step>[:<n>] makes the engine SIGKILL itself the n-th time
// (default the first) it reaches <step>, so a test kills it at a chosen point of a multi-step
// operation, deterministically, and checks what the next engine makes of it. Steps:
//   network-create          bridge made, record not yet written
//   network-attach          a sandbox's namespace, veths and record made, container not started
//   network-remove          a network's links gone, record not yet deleted
//   network-connect         a running container's new veth made, sandbox record not yet saved
//   network-disconnect      a running container's veth deleted, sandbox record not yet saved
//   container-create        rootfs mounted, record not yet written
//   container-start-network sandbox prepared, task not created
//   container-start-task    task created under conmon, not started
//   container-started       task started, record not yet marked running
//   container-remove        teardown journalled, record not yet dropped
//   container-teardown      a removal's background teardown about to run
import { EngineError } from '../errors';

export const CRASH_STEPS = [
  'network-create', 'network-attach', 'network-remove', 'network-connect', 'network-disconnect', 'container-create', 'container-start-network',
  'container-start-task', 'container-started', 'container-remove', 'container-teardown',
] as const;

/** The hook for `spec`, or undefined when unset; `die` defaults to SIGKILL of this process. */
export function crashPointFrom(
  spec: string | undefined,
  log: (line: string) => void,
  die: () => void = () => { process.kill(process.pid, 'SIGKILL'); },
): ((step: string) => void) | undefined {
  if (!spec) return undefined;
  const [step, nth = '1'] = spec.split(':');
  const n = Number(nth);
  if (!(CRASH_STEPS as readonly string[]).includes(step) || !Number.isInteger(n) || n < 1) {
    throw new EngineError('INVALID_ARGUMENT', `BERTH_TEST_CRASH_AT "${spec}": expected <step>[:<n>] with step one of ${CRASH_STEPS.join(', ')}`);
  }
  let seen = 0;
  return (at) => {
    if (at !== step || ++seen !== n) return;
    log(`test crash point ${at} (#${n}): SIGKILL`);
    die();
  };
}

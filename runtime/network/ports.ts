// Host-port allocation for published ports: a requested port must be free both among Berth's own
// bindings and on the host (a conflict names the process that holds it); port 0 takes a free
// one from the host's ephemeral range, as Docker's port allocator does.
import { EngineError } from '../errors';
import { describeHolder, ephemeralRange, holdersOf, socketsOnPort } from './port-holder';
import type { PortRequest } from './port-spec';
import type { PortRecord } from './types';

export interface TakenPort extends PortRecord {
  owner: string;
}

const anyIp = (ip: string) => !ip || ip === '0.0.0.0';

function clashes(a: { proto: string; hostIp: string; hostPort: number }, b: { proto: string; hostIp: string; hostPort: number }): boolean {
  return a.proto === b.proto && a.hostPort === b.hostPort && (anyIp(a.hostIp) || anyIp(b.hostIp) || a.hostIp === b.hostIp);
}

async function checkFree(req: PortRecord, taken: TakenPort[]): Promise<void> {
  const mine = taken.find((t) => clashes(t, req));
  const where = `${req.hostIp || '0.0.0.0'}:${req.hostPort}/${req.proto}`;
  if (mine) throw new EngineError('CONFLICT', `Bind for ${where} failed: port is already allocated to container ${mine.owner}`);
  const inodes = await socketsOnPort(req.proto, req.hostPort, req.hostIp);
  if (inodes.length) {
    const [holder] = await holdersOf(inodes.slice(0, 1));
    throw new EngineError('CONFLICT', `Bind for ${where} failed: port is already in use by ${describeHolder(holder)}`);
  }
}

/** A free port of [lo, hi], starting at a random offset so concurrent engines rarely collide. */
async function freeIn(req: PortRequest, lo: number, hi: number, taken: TakenPort[], random: (n: number) => number): Promise<number | undefined> {
  const span = hi - lo + 1;
  const start = random(span);
  for (let i = 0; i < span; i++) {
    const hostPort = lo + ((start + i) % span);
    const cand = { proto: req.proto, hostIp: req.hostIp, hostPort, containerPort: req.containerPort };
    if (taken.some((t) => clashes(t, cand))) continue;
    if ((await socketsOnPort(req.proto, hostPort, req.hostIp)).length === 0) return hostPort;
  }
  return undefined;
}

async function chooseHostPort(req: PortRequest, taken: TakenPort[], random: (n: number) => number): Promise<number> {
  if (req.hostPort && !req.hostPortEnd) return req.hostPort;
  const [lo, hi] = req.hostPortEnd ? [req.hostPort, req.hostPortEnd] : await ephemeralRange();
  const port = await freeIn(req, lo, hi, taken, random);
  if (port === undefined) {
    throw new EngineError(req.hostPortEnd ? 'CONFLICT' : 'UNAVAILABLE', `no free host port in ${lo}-${hi} for ${req.containerPort}/${req.proto}`);
  }
  return port;
}

/** Resolves every request to a concrete, free host port; all or nothing. */
export async function allocatePorts(requests: PortRequest[], taken: TakenPort[], owner: string, random: (n: number) => number): Promise<PortRecord[]> {
  const out: PortRecord[] = [];
  const all = [...taken];
  for (const req of requests) {
    const hostPort = await chooseHostPort(req, all, random);
    const rec: PortRecord = { proto: req.proto, containerPort: req.containerPort, hostIp: req.hostIp, hostPort };
    await checkFree(rec, all);
    out.push(rec);
    all.push({ ...rec, owner });
  }
  return out;
}

// Followers of a log burst, measured: a container writes `mb` MB of lines to stdout while
// `followers` clients run `logs -f` (GET /containers/{id}/logs?follow=1) and read as fast as
// they can; the engine's peak resident size is read from VmHWM, reset with /proc/PID/clear_refs
// when the burst starts. Shared by the stress test and the bench.
import { request } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { json } from './raw-socket';

export interface BurstResult {
  /** Engine RSS before the burst, MB. */
  baseMb: number;
  /** Highest RSS seen during the burst (VmHWM), MB. */
  peakMb: number;
  /** Bytes each follower received (framing included). */
  received: number[];
  seconds: number;
}

async function rssKb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
}

/** One follower: counts bytes until the stream ends (the container exited). */
function follow(socketPath: string, id: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: `/containers/${id}/logs?follow=1&stdout=1&stderr=1`, method: 'GET' }, (res) => {
      let n = 0;
      res.on('data', (b: Buffer) => { n += b.length; });
      res.on('end', () => resolve(n));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Image `image` must be loaded; the container is removed afterwards. */
export async function followBurst(socketPath: string, enginePid: number, o: { image: string; mb: number; followers: number }): Promise<BurstResult> {
  // 2000-byte lines; the log's max-size is set above the burst so no rotation drops any of it.
  const script = `sleep 1; yes "$(head -c 1999 /dev/zero | tr '\\0' x)" | head -c ${o.mb * 1_000_000}`;
  const c = await json<{ Id: string }>(socketPath, 'POST', '/containers/create', {
    Image: o.image, Cmd: ['sh', '-c', script], HostConfig: { LogConfig: { Type: 'json-file', Config: { 'max-size': `${o.mb * 2}m` } } },
  });
  if (c.status !== 201) throw new Error(`create: ${JSON.stringify(c.body)}`);
  const id = c.body.Id;
  try {
    if ((await json(socketPath, 'POST', `/containers/${id}/start`)).status !== 204) throw new Error('start failed');
    const baseMb = (await rssKb(enginePid, 'VmRSS')) / 1024;
    await writeFile(`/proc/${enginePid}/clear_refs`, '5'); // resets VmHWM to the current RSS
    const t0 = performance.now();
    const received = await Promise.all(Array.from({ length: o.followers }, () => follow(socketPath, id)));
    const seconds = (performance.now() - t0) / 1000;
    return { baseMb, peakMb: (await rssKb(enginePid, 'VmHWM')) / 1024, received, seconds };
  } finally {
    await json(socketPath, 'DELETE', `/containers/${id}?force=1`).catch(() => undefined);
  }
}

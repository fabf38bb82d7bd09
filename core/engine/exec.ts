// One exec instance (dockerode's `Exec`).
import type { ExecInspect } from '../../runtime/api/types';
import type { Transport } from './transport';
import { isMultiplexed } from './demux';
import type { AttachedStream } from './attached';

export class ExecHandle {
  constructor(private readonly t: Transport, readonly id: string) {}

  /** Starts the exec and takes over the connection for its stdio. */
  async start(opts: { Tty?: boolean } = {}): Promise<AttachedStream> {
    const { socket, contentType } = await this.t.hijack({ method: 'POST', path: `/exec/${this.id}/start`, body: { Detach: false, Tty: opts.Tty ?? false } });
    return { socket, multiplexed: isMultiplexed(contentType) };
  }

  async startDetached(): Promise<void> {
    const res = await this.t.request({ method: 'POST', path: `/exec/${this.id}/start`, body: { Detach: true } });
    res.resume();
  }

  inspect(): Promise<ExecInspect> {
    return this.t.json({ method: 'GET', path: `/exec/${this.id}/json` });
  }

  async resize(h: number, w: number): Promise<void> {
    const res = await this.t.request({ method: 'POST', path: `/exec/${this.id}/resize`, query: { h, w } });
    res.resume();
  }
}

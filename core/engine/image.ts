// One image by name, id or digest (dockerode's `Image`).
import type { Readable } from 'node:stream';
import type { ImageDeleteItem, ImageHistoryItem, ImageInspect } from '../../runtime/api/types';
import type { Transport } from './transport';

export class ImageHandle {
  constructor(private readonly t: Transport, readonly name: string) {}

  // Image names keep their slashes and colons in the path, as the docker CLI sends them.
  private path(suffix: string): string {
    return `/images/${this.name.split('/').map(encodeURIComponent).join('/').replace(/%3A/gi, ':')}${suffix}`;
  }

  inspect(): Promise<ImageInspect> {
    return this.t.json({ method: 'GET', path: this.path('/json') });
  }

  history(): Promise<ImageHistoryItem[]> {
    return this.t.json({ method: 'GET', path: this.path('/history') });
  }

  async tag(opts: { repo: string; tag?: string }): Promise<void> {
    const res = await this.t.request({ method: 'POST', path: this.path('/tag'), query: opts });
    res.resume();
  }

  remove(opts: { force?: boolean; noprune?: boolean } = {}): Promise<ImageDeleteItem[]> {
    return this.t.json({ method: 'DELETE', path: this.path(''), query: opts });
  }

  /** A docker-archive of this image. */
  get(): Promise<Readable> {
    return this.t.request({ method: 'GET', path: this.path('/get') });
  }
}

// Volumes over the engine's Docker API (`/volumes/*`, api/server/router/volume in moby), built
// from an EngineClient's transport: `new VolumeApi(client.transport).create({ Name: 'data' })`.
import type { Volume, VolumeCreateRequest, VolumeListResponse, VolumePruneResponse } from '../../runtime/api/types';
import type { Transport } from './transport';

export type VolumeFilters = Record<string, string[]>;

export class VolumeApi {
  constructor(private readonly t: Transport) {}

  private path(name: string): string {
    return `/volumes/${encodeURIComponent(name)}`;
  }

  /** `GET /volumes?filters=` (name, label, driver, dangling). */
  list(filters?: VolumeFilters): Promise<VolumeListResponse> {
    return this.t.json({ method: 'GET', path: '/volumes', query: { filters: filters && JSON.stringify(filters) } });
  }

  inspect(name: string): Promise<Volume> {
    return this.t.json({ method: 'GET', path: this.path(name) });
  }

  /** Creates a volume; without a Name the engine picks one (64 hex digits, as Docker). */
  create(body: VolumeCreateRequest = {}): Promise<Volume> {
    return this.t.json({ method: 'POST', path: '/volumes/create', body });
  }

  /** Fails with CONFLICT when a container uses it; `force` only ignores a missing volume, as Docker. */
  async remove(name: string, force = false): Promise<void> {
    (await this.t.request({ method: 'DELETE', path: this.path(name), query: { force: force || undefined } })).resume();
  }

  /** Removes unused anonymous volumes (all unused ones with `filters.all = ['true']`, API 1.42+). */
  async prune(filters?: VolumeFilters): Promise<VolumePruneResponse> {
    const res = await this.t.json<VolumePruneResponse>({ method: 'POST', path: '/volumes/prune', query: { filters: filters && JSON.stringify(filters) } });
    return { VolumesDeleted: res.VolumesDeleted ?? [], SpaceReclaimed: res.SpaceReclaimed ?? 0 };
  }
}

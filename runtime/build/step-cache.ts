// One step through the cache: on a hit the recorded layer and time are reused (" ---> Using
// cache", as the classic builder prints); on a miss the step runs and its result is recorded.
// Either way the state gains the step's history line (and layer), and the key moves on.
import type { BuildRun } from './build-run';
import { short } from './build-run';
import type { LayerBlob } from './layer-diff';
import { nextChainId } from './rootfs-step';
import type { StageState } from './types';

export interface StepResult {
  createdBy: string;
  layer?: LayerBlob;
}

function useCache(run: BuildRun, stage: string | undefined): boolean {
  if (run.opts.noCache) return false;
  return !(stage && run.opts.noCacheFilter?.some((s) => s.toLowerCase() === stage));
}

export async function cachedStep(run: BuildRun, state: StageState, key: string, stage: string | undefined, make: () => Promise<StepResult>): Promise<void> {
  const hit = useCache(run, stage) ? await run.cache.get(key) : undefined;
  let created: string;
  let result: StepResult;
  if (hit) {
    run.emit({ stream: ' ---> Using cache\n' });
    created = hit.created;
    result = { createdBy: hit.createdBy, layer: hit.layer };
  } else {
    result = await make();
    created = run.now().toISOString();
    await run.cache.put(key, { created, createdBy: result.createdBy, layer: result.layer });
  }
  if (result.layer) {
    run.lease.add(result.layer.digest);
    state.layers.push(result.layer);
    state.config.rootfs.diff_ids.push(result.layer.diffId);
    const parentChain = chainOf(state.layers.slice(0, -1));
    run.lease.add(nextChainId(parentChain, result.layer.diffId));
    state.config.history.push({ created, created_by: result.createdBy });
  } else {
    state.config.history.push({ created, created_by: result.createdBy, empty_layer: true });
  }
  state.config.created = created;
  state.key = key;
  run.emit({ stream: ` ---> ${short(key)}\n` });
}

function chainOf(layers: LayerBlob[]): string | undefined {
  let chain: string | undefined;
  for (const l of layers) chain = nextChainId(chain, l.diffId);
  return chain;
}

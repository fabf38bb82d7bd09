// What a build takes and what each step works on. A stage's state is an image in the making:
// its config (as Docker writes it), its layers, and the cache key chain that got it there.
import type { ContainerDefaults, HistoryEntry } from '../images/index';
import type { LayerBlob } from './layer-diff';

export interface BuildOptions {
  /** Names to tag the result with (`-t`). */
  tags: string[];
  dockerfile: string;
  /** Inline Dockerfile text (compose's dockerfile_inline); wins over `dockerfile`. */
  dockerfileInline?: string;
  buildArgs: Record<string, string | null>;
  target?: string;
  labels: Record<string, string>;
  noCache: boolean;
  /** Stage names whose steps do not use the cache (`--no-cache-filter`). */
  noCacheFilter?: string[];
  pull: boolean;
  /** RUN's default network: "default"/"bridge"/"host" share the host's, "none" gets none. */
  networkMode?: string;
  platform?: string;
  shmSize?: number;
  /** RUN --mount=type=secret sources: id → host file path (never copied into a layer). */
  secrets?: Record<string, string>;
  /** A context folder on the engine's machine, read in place (then the request body is empty). */
  contextDir?: string;
  /**
   * Named contexts (BuildKit's, compose's additional_contexts): `FROM name` and `COPY --from=name`
   * take a folder on the engine's machine (read in place) or an image, before stages and images.
   */
  namedContexts?: Record<string, NamedContext>;
}

export type NamedContext = { dir: string } | { image: string };

/** A line of progress: `stream` text as docker build prints it, or the id of the result. */
export type BuildEvent = { stream: string } | { aux: { ID: string } };

export type Emit = (ev: BuildEvent) => void;

export interface ImageConfigJson {
  architecture: string;
  os: string;
  config: ContainerDefaults & Record<string, unknown>;
  created?: string;
  history: HistoryEntry[];
  rootfs: { type: 'layers'; diff_ids: string[] };
  [k: string]: unknown;
}

export interface StageState {
  config: ImageConfigJson;
  layers: LayerBlob[];
  /** Cache key of the state (parent key + each step's inputs). */
  key: string;
  /** ARGs declared in the stage, with their values (build args or defaults). */
  args: Map<string, string>;
  /** The base image id ("" for scratch): the Image field Docker writes. */
  baseId: string;
  /** A CMD was given in this stage (an ENTRYPOINT then keeps it; otherwise it clears the base's). */
  cmdSetInStage?: boolean;
}

export const DEFAULT_SHELL = ['/bin/sh', '-c'];

// The images service as the API's ImagesBackend: Docker's list filters, import changes, and the
// image events dockerd emits (load, import, tag, untag, delete).
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import type { ImagesBackend } from '../api/backend';
import type { Filters } from '../api/index';
import type { ImageSummary } from '../api/types';
import type { EventBus } from '../events/index';
import type { ImageService } from '../images/index';
import { familiarName } from '../images/index';
import { parseChanges } from './import-changes';

/**
 * `quiesce` resolves when no removed container's teardown is pending: until then its overlay still
 * stacks on the image's layers, so removal, prune and GC would leave those layers behind.
 */
export function imagesBackend(images: ImageService, events: EventBus, quiesce: () => Promise<void> = async () => undefined): ImagesBackend {
  const emit = (action: string, id: string, name?: string): void => {
    events.publish({ Type: 'image', Action: action, Actor: { ID: id, Attributes: name ? { name } : {} } });
  };
  return {
    list: async ({ filters }) => (await images.list()).filter((i) => imageMatches(i, filters)),
    inspect: (ref) => images.inspect(ref),
    load: async (tar) => {
      const loaded = await images.load(tar);
      const names: string[] = [];
      for (const img of loaded) {
        emit('load', img.id, img.repoTags[0]);
        names.push(...(img.repoTags.length ? img.repoTags : [img.id]));
      }
      return names;
    },
    import: async (tar, opts) => {
      const ref = opts.repo ? (opts.tag ? `${opts.repo}:${opts.tag}` : opts.repo) : undefined;
      const img = await images.import(tar, { ref, message: opts.message, changes: parseChanges(opts.changes) });
      emit('import', img.id, img.repoTags[0]);
      return img.id;
    },
    save: async (refs, out: Writable) => {
      const tar = await images.save(refs);
      // pipeline, not pipe: a client gone mid-save ends the archive instead of leaving it paused.
      await pipeline(tar, out, { end: false });
      for (const r of refs) emit('save', r);
    },
    tag: async (ref, repo, tag) => {
      const target = tag ? `${repo}:${tag}` : repo;
      await images.tag(ref, target);
      const rec = await images.get(target);
      emit('tag', rec.id, familiarName(target));
    },
    remove: async (ref, opts) => {
      await quiesce();
      const items = await images.remove(ref, { force: opts.force, noPrune: opts.noprune });
      for (const i of items) {
        if (i.Untagged) emit('untag', i.Untagged);
        if (i.Deleted) emit('delete', i.Deleted);
      }
      return items;
    },
    history: (ref) => images.history(ref),
    prune: async (filters) => {
      await quiesce();
      const all = (filters.dangling ?? []).some((v) => v === 'false' || v === '0');
      const res = await images.prune({ all });
      await images.gc();
      return res;
    },
  };
}

/** Docker's image list filters: dangling, reference (glob on familiar names), label, before/since by id. */
export function imageMatches(i: ImageSummary, f: Filters): boolean {
  const dangling = i.RepoTags.length === 0 || i.RepoTags.every((t) => t === '<none>:<none>');
  if (f.dangling?.length && f.dangling.some((v) => (v === 'true' || v === '1') !== dangling)) return false;
  if (f.reference?.length && !f.reference.some((pat) => i.RepoTags.some((t) => glob(pat, t) || glob(pat, t.replace(/:[^:/]*$/, ''))))) return false;
  if (f.label?.length && !f.label.every((l) => {
    const eq = l.indexOf('=');
    return eq < 0 ? l in (i.Labels ?? {}) : (i.Labels ?? {})[l.slice(0, eq)] === l.slice(eq + 1);
  })) return false;
  return true;
}

function glob(pattern: string, s: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*') + '$');
  return re.test(s);
}

// Where each node of the tree came from. Positions are attached to the containers themselves
// (mapping object or sequence array + key/index), not to path strings, so they survive the
// merge, which moves values between trees: the merge copies an entry's position along with it.
import type { SourceIndex, SourcePos, TreePath } from '../model-input';

type Key = string | number;

export class SourceMap implements SourceIndex {
  private readonly entries = new WeakMap<object, Map<Key, SourcePos>>();
  private readonly texts = new Map<string, string[]>();
  private root: object | undefined;
  private rootPos: SourcePos | undefined;

  /** Remember a file's text for excerpts. */
  addText(file: string, text: string): void {
    this.texts.set(file, text.split(/\r?\n/));
  }

  /** The tree `find` walks; set once the merged tree is final. */
  setRoot(tree: object, pos?: SourcePos): void {
    this.root = tree;
    this.rootPos = pos ?? this.rootPos;
  }

  set(container: object, key: Key, pos: SourcePos): void {
    let m = this.entries.get(container);
    if (!m) {
      m = new Map();
      this.entries.set(container, m);
    }
    m.set(key, pos);
  }

  get(container: object, key: Key): SourcePos | undefined {
    return this.entries.get(container)?.get(key);
  }

  /** Carry the position of `from[fromKey]` over to `to[toKey]` (no-op when unknown). */
  copy(from: object, fromKey: Key, to: object, toKey: Key): void {
    const pos = this.get(from, fromKey);
    if (pos) this.set(to, toKey, pos);
  }

  find(path: TreePath): SourcePos | undefined {
    let cur: unknown = this.root;
    let last = this.rootPos;
    for (const seg of path) {
      if (typeof cur !== 'object' || cur === null) break;
      const pos = this.get(cur, seg);
      if (pos) last = pos;
      cur = (cur as Record<Key, unknown>)[seg];
    }
    return last;
  }

  lineText(file: string, line: number): string | undefined {
    return this.texts.get(file)?.[line - 1];
  }

  /** A deep copy of a plain tree that keeps every position (extends clones its base). */
  clone<T>(value: T): T {
    if (Array.isArray(value)) {
      const out = value.map((v) => this.clone(v));
      value.forEach((_, i) => this.copy(value, i, out, i));
      return out as T;
    }
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        out[k] = this.clone(v);
        this.copy(value, k, out, k);
      }
      return out as T;
    }
    return value;
  }
}

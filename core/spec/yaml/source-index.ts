// Where each node of the tree came from. Positions are attached to the containers themselves
// (mapping object or sequence array + key/index), not to path strings, so they survive the
// merge, which moves values between trees: the merge copies an entry's position along with it.
// The parser records a position as one number (file id and character offset); line and column
// are computed only when asked, since a load records a position per key and asks for a few.
import type { SourceIndex, SourcePos, TreePath } from '../model-input';

type Key = string | number;
/** A SourcePos, or a file id and offset packed as `fileId * OFFSET_SPAN + offset`. */
type Stored = SourcePos | number;
const OFFSET_SPAN = 2 ** 32;

interface FileText {
  file: string;
  /** Offsets at which each line starts (line 1 at index 0). */
  lineStarts: number[];
  lines: string[];
}

export class SourceMap implements SourceIndex {
  private readonly entries = new WeakMap<object, Map<Key, Stored>>();
  private readonly texts = new Map<string, FileText>();
  private readonly byId: FileText[] = [];
  private root: object | undefined;
  private rootPos: SourcePos | undefined;

  /** Remember a file's text for excerpts and offsets; returns the file's id for `setAt`. */
  addText(file: string, text: string): number {
    const lines = text.split(/\r?\n/);
    const lineStarts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    const entry: FileText = { file, lineStarts, lines };
    this.texts.set(file, entry);
    this.byId.push(entry);
    return this.byId.length - 1;
  }

  /** The tree `find` walks; set once the merged tree is final. */
  setRoot(tree: object, pos?: SourcePos): void {
    this.root = tree;
    this.rootPos = pos ?? this.rootPos;
  }

  set(container: object, key: Key, pos: SourcePos): void {
    this.store(container, key, pos);
  }

  /** Record `offset` in the text of file `fileId` (from addText); resolved to line:col on demand. */
  setAt(container: object, key: Key, fileId: number, offset: number): void {
    this.store(container, key, fileId * OFFSET_SPAN + offset);
  }

  get(container: object, key: Key): SourcePos | undefined {
    const stored = this.entries.get(container)?.get(key);
    return typeof stored === 'number' ? this.decode(stored) : stored;
  }

  /** Carry the position of `from[fromKey]` over to `to[toKey]` (no-op when unknown). */
  copy(from: object, fromKey: Key, to: object, toKey: Key): void {
    const stored = this.entries.get(from)?.get(fromKey);
    if (stored !== undefined) this.store(to, toKey, stored);
  }

  /** The position of `offset` in file `fileId`, 1-based as editors count. */
  posAt(fileId: number, offset: number): SourcePos {
    const f = this.byId[fileId]!;
    const starts = f.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: f.file, line: lo + 1, col: offset - starts[lo]! + 1 };
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
    return this.texts.get(file)?.lines[line - 1];
  }

  /** A deep copy of a plain tree that keeps every position (extends clones its base). */
  clone<T>(value: T): T {
    if (Array.isArray(value)) {
      const out = value.map((v) => this.clone(v));
      for (let i = 0; i < value.length; i++) this.copy(value, i, out, i);
      return out as T;
    }
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(value)) {
        const v = this.clone((value as Record<string, unknown>)[k]);
        if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
        else out[k] = v;
        this.copy(value, k, out, k);
      }
      return out as T;
    }
    return value;
  }

  private store(container: object, key: Key, stored: Stored): void {
    let m = this.entries.get(container);
    if (!m) {
      m = new Map();
      this.entries.set(container, m);
    }
    m.set(key, stored);
  }

  private decode(stored: number): SourcePos {
    const fileId = Math.floor(stored / OFFSET_SPAN);
    return this.posAt(fileId, stored - fileId * OFFSET_SPAN);
  }
}

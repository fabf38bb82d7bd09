// Alias → anchored node, looked up in a table built once per document, on the first alias (a
// document without aliases never pays for it). The `yaml` package's Alias.resolve(doc) walks
// the whole document on every call, which made files with many aliases quadratic (a 500-service
// file with anchors took seconds), and its `visit` allocates a path per node: the table is built
// by a plain walk instead. YAML lets an anchor be redefined: an alias refers to the last
// definition that precedes it, so each name keeps its definitions in document order and the
// lookup picks the last one that starts before the alias.
import { type Alias, type Document, isMap, isPair, isSeq, type Node } from 'yaml';

interface Definition {
  start: number;
  node: Node;
}

export class AnchorTable {
  private byName: Map<string, Definition[]> | undefined;

  constructor(private readonly doc: Document.Parsed) {}

  resolve(alias: Alias): Node | undefined {
    this.byName ??= collect(this.doc.contents);
    const defs = this.byName.get(alias.source);
    if (!defs) return undefined;
    const at = alias.range?.[0] ?? Number.MAX_SAFE_INTEGER;
    let found: Node | undefined;
    for (const def of defs) {
      if (def.start >= at) break;
      found = def.node;
    }
    return found;
  }
}

/** Anchors in document order (a node before its keys and values, a key before its value). */
function collect(root: unknown): Map<string, Definition[]> {
  const byName = new Map<string, Definition[]>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) {
      const n = node as Node;
      const def = { start: n.range?.[0] ?? 0, node: n };
      const defs = byName.get(anchor);
      if (defs) defs.push(def);
      else byName.set(anchor, [def]);
    }
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items as unknown[]) {
        if (isPair(item)) {
          walk(item.key);
          walk(item.value);
        } else walk(item);
      }
    }
  };
  walk(root);
  return byName;
}

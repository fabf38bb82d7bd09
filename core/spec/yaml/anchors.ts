// Alias → anchored node, looked up in a table built once per document. The `yaml` package's
// Alias.resolve(doc) walks the whole document on every call, which made files with many aliases
// quadratic (a 500-service file with anchors took seconds). YAML lets an anchor be redefined: an
// alias refers to the last definition that precedes it, so each name keeps its definitions in
// document order and the lookup picks the last one that starts before the alias.
import { type Alias, type Document, type Node, visit } from 'yaml';

export class AnchorTable {
  private readonly byName = new Map<string, Array<{ start: number; node: Node }>>();

  constructor(doc: Document.Parsed) {
    visit(doc, {
      Node: (_key, node) => {
        const anchor = (node as { anchor?: string }).anchor;
        if (!anchor) return;
        const defs = this.byName.get(anchor) ?? [];
        defs.push({ start: node.range?.[0] ?? 0, node });
        this.byName.set(anchor, defs);
      },
    });
  }

  resolve(alias: Alias): Node | undefined {
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

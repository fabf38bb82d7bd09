// The corpus' "merge" stage on its own: raw YAML texts merged in order with the merge rules,
// !reset/!override and uniqueness, nothing else (no interpolation, extends, include).
import { parseYaml } from '../yaml/parse';
import { SourceMap } from '../yaml/source-index';
import { mergeTrees } from './merge';
import { applyResets } from './reset';
import { enforceUnicity } from './unicity';

export interface TextFile {
  file: string;
  text: string;
}

export function mergeFiles(files: readonly TextFile[], sources = new SourceMap()): Record<string, unknown> {
  let model: Record<string, unknown> = {};
  for (const { file, text } of files) {
    for (const doc of parseYaml(text, file, sources)) {
      applyResets(model, [...doc.resets, ...doc.overrides]);
      model = enforceUnicity(mergeTrees(model, doc.tree, { sources }), sources, doc.tree);
    }
  }
  sources.setRoot(model);
  return model;
}

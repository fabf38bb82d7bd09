// The loader's error: where in which file, and an excerpt with a caret, as compilers print them.
// Wording of `message` follows compose-go where users grep for it ("required variable X is
// missing a value", "mapping key \"x\" already defined at line N").
import { CoreError, type ErrorCode } from '../errors';
import type { SourceIndex, SourcePos, TreePath } from './model-input';

/** What SpecError.entry needs of a SourceMap (kept structural to avoid an import cycle). */
interface EntrySources {
  get(container: object, key: string | number): SourcePos | undefined;
  lineText(file: string, line: number): string | undefined;
}

export interface SpecErrorDetails {
  file?: string;
  line?: number;
  col?: number;
  path?: TreePath;
  code?: ErrorCode;
  cause?: unknown;
  /** The text of the offending line, kept so render() needs no SourceIndex. */
  sourceLine?: string;
}

export class SpecError extends CoreError {
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
  readonly path?: TreePath;
  readonly sourceLine?: string;

  constructor(message: string, details: SpecErrorDetails = {}) {
    super(details.code ?? 'INVALID_ARGUMENT', message, { cause: details.cause });
    this.name = 'SpecError';
    this.file = details.file;
    this.line = details.line;
    this.col = details.col;
    this.path = details.path;
    this.sourceLine = details.sourceLine;
  }

  /** `file:line:col: message`, then the source line and a caret under the column. */
  render(): string {
    const where = [this.file, this.line, this.col].filter((v) => v !== undefined).join(':');
    const head = where ? `${where}: ${this.message}` : this.message;
    if (this.sourceLine === undefined) return head;
    const caretAt = Math.max(0, (this.col ?? 1) - 1);
    // Keep tabs in the padding so the caret lines up under tab-indented text.
    const pad = this.sourceLine.slice(0, caretAt).replace(/[^\t]/g, ' ');
    return `${head}\n  ${this.sourceLine}\n  ${pad}^`;
  }

  /** An error at the entry `key` of `container` (a mapping or sequence of the tree being loaded). */
  static entry(
    message: string,
    sources: EntrySources | undefined,
    container: object,
    key: string | number,
    path?: TreePath,
    cause?: unknown,
    code?: ErrorCode,
  ): SpecError {
    const pos = sources?.get(container, key);
    return new SpecError(message, {
      code,
      path,
      cause,
      file: pos?.file,
      line: pos?.line,
      col: pos?.col,
      sourceLine: pos ? sources?.lineText(pos.file, pos.line) : undefined,
    });
  }

  /** The error for the node at `path` of the final tree `sources` is rooted at. */
  static at(message: string, path: TreePath, sources: SourceIndex | undefined, cause?: unknown): SpecError {
    const pos = sources?.find(path);
    return new SpecError(message, {
      path,
      cause,
      file: pos?.file,
      line: pos?.line,
      col: pos?.col,
      sourceLine: pos ? sources?.lineText(pos.file, pos.line) : undefined,
    });
  }
}

/**
 * Runs `load` (of a file another file names: extends, include); an error that has no place of its
 * own (a missing or unreadable file) is given the place of the line that named the file.
 */
export function atReferrer<T>(load: () => T, referrer: (message: string, cause: unknown, code: ErrorCode) => SpecError): T {
  try {
    return load();
  } catch (err) {
    if (err instanceof SpecError && err.line !== undefined) throw err;
    throw referrer(err instanceof Error ? err.message : String(err), err, err instanceof CoreError ? err.code : 'INTERNAL');
  }
}

/** Dotted form of a tree path as compose-go prints it: services.web.ports[0]. */
export function formatPath(path: TreePath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

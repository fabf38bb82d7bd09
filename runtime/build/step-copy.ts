// COPY and ADD: sources from the context, another stage or an image (`--from`), or heredocs;
// `--chown`, `--chmod`, `--exclude`, `--parents` (each source keeps its path), `--link`
// (accepted: every layer here is already independent of what it lands on), ADD's extraction of
// a local tar and fetch of an http(s) URL with `--checksum`. The key is the checksum of what is
// read plus the destination and flags; the history line is the classic builder's
// `COPY file:<sum> in <dest> `.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { BuildRun } from './build-run';
import { stepLine } from './build-run';
import { stepKey } from './cache';
import { checksumSources, resolveSources, resolveWithParents, type Source, type SourceFilter } from './copy-sources';
import { copyInto, type CopyOwner } from './copy-step';
import { execForm, flagsOf, type Instruction } from './dockerfile';
import { BuildError } from './errors';
import { addExtracts, fetchUrls, isUrl } from './add-sources';
import { envOf } from './metadata';
import { ensureUnpacked, withRootfsStep } from './rootfs-step';
import { processHeredoc, processWords, type Vars } from './shell-lex';
import { openView, type StageView } from './stage-view';
import { stageRef } from './stages';
import { cachedStep } from './step-cache';
import type { StageState } from './types';
import { ownerIn } from './owner';

const COPY_FLAGS = ['from', 'chown', 'chmod', 'link', 'exclude', 'parents'];
const ADD_FLAGS = ['chown', 'chmod', 'link', 'exclude', 'checksum', 'keep-git-dir'];

function varsOf(state: StageState): Map<string, string> {
  return new Map([...state.args, ...envOf(state)]);
}

function globRegex(pattern: string): RegExp {
  const re = pattern.split('/').map((seg) => seg.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')).join('/');
  return new RegExp(`^${re}(/.*)?$`);
}

interface SourceRoot { dir: string; inContext: boolean; what: string; view?: StageView; key: string; filter?: SourceFilter }

async function sourceRoot(run: BuildRun, from: string | undefined, stageIndex: number): Promise<SourceRoot> {
  if (!from) return { dir: run.contextDir, inContext: true, what: 'build context or excluded by .dockerignore', key: 'context', filter: run.contextFilter };
  // A named context (compose's additional_contexts) comes before a stage or an image of that name.
  const named = run.opts.namedContexts?.[from.toLowerCase()];
  if (named && 'dir' in named) return { dir: named.dir, inContext: true, what: `context ${from}`, key: `context ${from}` };
  const ref = named ? undefined : stageRef(run.stages, stageIndex, from);
  if (ref) {
    const st = await run.buildStage(ref);
    const view = await openView(run.rootfs, st.layers);
    return { dir: view.dir, inContext: false, what: `stage ${from}`, view, key: st.key };
  }
  const img = await run.images.get(named?.image ?? from).catch((err: Error) => {
    throw new BuildError('INVALID_ARGUMENT', `COPY --from=${from}: no stage or image of that name (${err.message})`, { cause: err });
  });
  const view = await openView(run.rootfs, img.layers);
  return { dir: view.dir, inContext: false, what: `image ${from}`, view, key: img.id };
}

export async function copyStep(run: BuildRun, state: StageState, ins: Instruction, stage: string | undefined, stageIndex: number): Promise<void> {
  const where = `${run.file}:${ins.line}:${ins.col}`;
  const isAdd = ins.keyword === 'ADD';
  const f = flagsOf(ins, isAdd ? ADD_FLAGS : COPY_FLAGS, run.file);
  const vars = varsOf(state);
  const words = execForm(ins.args) ?? processWords(ins.args, vars, run.escape);
  if (words.length < 2 && !(ins.heredocs.length && words.length >= 2)) throw new BuildError('INVALID_ARGUMENT', `${where}: ${ins.keyword} requires at least two arguments, but only one was provided. Destination could not be determined.`);
  const destWord = words[words.length - 1];
  const srcWords = words.slice(0, -1);
  const dest = posix.resolve(state.config.config.WorkingDir || '/', destWord);
  const destIsDir = destWord.endsWith('/') || srcWords.length > 1;
  stepLine(run, ins.text.split('\n')[0]);
  const root = await sourceRoot(run, f.get('from')?.[0], stageIndex);
  try {
    const { sources, sum, urls } = await collect(run, ins, root, srcWords, isAdd, f.get('checksum')?.[0], where, vars).catch((err: unknown) => {
      throw located(err, where);
    });
    const chown = f.get('chown')?.[0];
    const chmod = f.get('chmod')?.[0];
    if (chmod !== undefined && !/^[0-7]{3,4}$/.test(chmod)) throw new BuildError('INVALID_ARGUMENT', `${where}: invalid --chmod ${chmod}: an octal mode is needed`);
    const exclude = (f.get('exclude') ?? []).map(globRegex);
    const kept = sources.some((s) => s.keep !== undefined) ? sources.map((s) => s.keep) : undefined;
    const key = stepKey(state.key, [ins.keyword, root.key, sum, dest, destIsDir, chown, chmod, f.get('exclude'), ...(kept ? [kept] : [])]);
    const kind = sources.length + urls.length > 1 ? 'multi' : sources[0]?.isDir ? 'dir' : 'file';
    const createdBy = `/bin/sh -c #(nop) ${ins.keyword} ${kind}:${sum} in ${destWord} `;
    await cachedStep(run, state, key, stage, async () => {
      const parent = await ensureUnpacked(run.rootfs, state.layers);
      const layer = await withRootfsStep(run.rootfs, parent, async (m) => {
        const owner: CopyOwner | undefined = chown ? await ownerIn(m.rootfs, chown, where) : undefined;
        const plain = isAdd ? await addExtracts(run, m.rootfs, sources, dest) : sources;
        await copyInto(m.rootfs, { sources: plain, dest, destIsDir: destIsDir || (isAdd && plain.length < sources.length), owner, mode: chmod ? Number.parseInt(chmod, 8) : undefined, exclude });
        if (urls.length) await copyInto(m.rootfs, { sources: urls, dest, destIsDir, owner, mode: chmod ? Number.parseInt(chmod, 8) : 0o600 });
      });
      return { createdBy, layer };
    });
  } finally {
    await root.view?.release();
  }
}

/** A source error (outside the context, not found) names the instruction's file:line:col. */
function located(err: unknown, where: string): unknown {
  if (!(err instanceof BuildError) || err.message.startsWith(`${where}:`)) return err;
  return new BuildError(err.code, `${where}: ${err.message}`, { cause: err });
}

/** Sources (heredocs written to scratch files, URLs fetched) and the checksum of them all. */
async function collect(run: BuildRun, ins: Instruction, root: SourceRoot, srcWords: string[], isAdd: boolean, checksum: string | undefined, where: string, vars: Vars): Promise<{ sources: Source[]; sum: string; urls: Source[] }> {
  const heredocNames = new Set(ins.heredocs.map((h) => h.name));
  const local = srcWords.filter((w) => !/^<<-?["']?/.test(w) && !(isAdd && isUrl(w)));
  const resolve = ins.flags.some(([k, v]) => k === 'parents' && v !== 'false') ? resolveWithParents : resolveSources;
  const sources = local.length ? await resolve(root.dir, local, root.inContext, root.what, root.filter) : [];
  if (heredocNames.size) {
    const dir = join(run.rootfs.scratch, `heredoc-${run.steps.n}`);
    await mkdir(dir, { recursive: true });
    for (const h of ins.heredocs) {
      // `<<EOF` expands the build's variables in the body, `<<'EOF'` / `<<"EOF"` keeps it verbatim
      await writeFile(join(dir, h.name), h.quoted ? h.body : processHeredoc(h.body, vars, run.escape), { mode: 0o644 });
      sources.push({ path: join(dir, h.name), rel: h.name, isDir: false });
    }
  }
  const urlWords = isAdd ? srcWords.filter(isUrl) : [];
  if (!isAdd && srcWords.some(isUrl)) throw new BuildError('INVALID_ARGUMENT', `${where}: source can't be a URL for COPY`);
  const urls = urlWords.length ? await fetchUrls(run, urlWords, checksum, where) : [];
  return { sources, urls, sum: await checksumSources([...sources, ...urls], run.fileHashes) };
}

// The per-case table of the runtime corpus cases: which project name the case runs under, which
// stand-in images it needs beyond the common ones, which steps had to be adapted (what changed
// and why), and which cases are skipped (the precise reason). The corpus itself is never edited.
import { PATH_ENV } from '../fixtures/busybox-image';
import type { StandIn } from './runtime-images';
import { genericStep, type RawStep, type RunStep, type StepContext } from './runtime-steps';

export interface RuntimeCase {
  /** Project name of the runs (`-p` / COMPOSE_PROJECT_NAME the steps use; else the folder name). */
  project?: string;
  images?: StandIn[];
  /** Why the steps differ from expected.e2e.yaml (each adaptation, in words). */
  adapted?: string[];
  /** The steps to run instead of the generic reading of expected.e2e.yaml. */
  steps?: (raw: RawStep[], files: string[], project: string) => RunStep[];
  skip?: string;
  /** Environment of every step (upstream's CLI-wide WithEnv), under the steps' own. */
  env?: Record<string, string>;
}

const exitsZero = (label: string, args: string[]): RunStep => ({ label, args, exitCode: 0 });

/** `config --hash <svc>` prints "<svc> <hash>" and the hash is the container's config-hash label. */
function hashMatchesLabel(service: string, project: string): RunStep {
  return {
    label: `config --hash ${service}`, args: ['-f', 'compose.yaml', 'config', '--hash', service], exitCode: 0,
    check: async (r, ctx: StepContext) => {
      const m = /^(\S+) ([0-9a-f]{64})\n$/.exec(r.stdout);
      if (!m || m[1] !== service) return `config --hash ${service}: expected "${service} <hash>", got ${JSON.stringify(r.stdout)}`;
      const label = await containerLabel(ctx, `${project}-${service}-1`, 'com.docker.compose.config-hash');
      return label === m[2] ? undefined : `config --hash ${service} = ${m[2]}, container label = ${label}`;
    },
  };
}

/** A label of a container, read with `berth container inspect` (docker's inspect JSON). */
async function containerLabel(ctx: StepContext, name: string, label: string): Promise<string | undefined> {
  const r = await ctx.exec(['container', 'inspect', name]);
  if (r.code !== 0) throw new Error(`inspect ${name}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as Array<{ Config: { Labels?: Record<string, string> } }>)[0]!.Config.Labels?.[label];
}

function ipcModeIs(container: string, want: (ctx: StepContext) => string, exact: boolean): RunStep {
  return {
    label: `inspect ${container} HostConfig.IpcMode`, args: ['container', 'inspect', container], exitCode: 0,
    check: async (r, ctx) => {
      const mode = (JSON.parse(r.stdout) as Array<{ HostConfig: { IpcMode?: string } }>)[0]!.HostConfig.IpcMode ?? '';
      const w = want(ctx);
      return (exact ? mode === w : mode.startsWith(w)) ? undefined : `${container}: IpcMode ${JSON.stringify(mode)}, expected ${exact ? '' : 'prefix '}${JSON.stringify(w)}`;
    },
  };
}

/** `up` without -d prints each container's output as it runs: foo's line comes before bar's. */
function linesInOrder(lines: string[]): RunStep['check'] {
  return async (r) => {
    const at = lines.map((l) => r.stdout.split('\n').indexOf(l));
    const missing = lines.filter((_, i) => at[i]! < 0);
    if (missing.length > 0) return `stdout lacks the line(s) ${JSON.stringify(missing)}; got ${JSON.stringify(r.stdout)}`;
    return at.every((v, i) => i === 0 || v > at[i - 1]!) ? undefined : `lines out of order in ${JSON.stringify(r.stdout)}`;
  };
}

export const RUNTIME_CASES: Record<string, RuntimeCase> = {
  'dc-config-hash-label': {
    project: 'compose-e2e-config-hash',
    adapted: ['steps 2-3 are prose ("hash == container label"): each service\'s `config --hash` is compared with its container\'s com.docker.compose.config-hash label, and `config --hash "*"` must list the three services sorted'],
    steps: (raw, files, project) => [
      genericStep(raw[0]!, files, project),
      ...['with-env-file', 'optional-env', 'plain'].map((s) => hashMatchesLabel(s, project)),
      {
        label: 'config --hash "*"', args: ['-f', 'compose.yaml', 'config', '--hash', '*'], exitCode: 0,
        check: async (r) => {
          const names = r.stdout.split('\n').filter(Boolean).map((l) => l.split(' ')[0]);
          return JSON.stringify(names) === JSON.stringify(['optional-env', 'plain', 'with-env-file']) ? undefined : `config --hash "*" listed ${JSON.stringify(names)}`;
        },
      },
    ],
  },
  'dc-depends-completed-successfully': {
    adapted: ['upstream asserts the Go regexp `foo-1  | hello(?m:.*)bar-1  | world`, whose unescaped `|` makes it an alternation that any output with " world" matches; the runner checks what it was written to assert: a stdout line `foo-1  | hello` before a line `bar-1  | world`'],
    steps: (raw, files, project) => [{ ...genericStep({ command: raw[0]!.command }, files, project), check: linesInOrder(['foo-1  | hello', 'bar-1  | world']) }],
  },
  'dc-env-bare-key-unsets': {
    images: [{
      name: 'dc-env-bare-key-unsets-empty-variable', tag: 'latest',
      config: { Env: [PATH_ENV, 'EMPTY=not_empty'], Cmd: ['sh', '-c', 'echo "=$EMPTY="'] },
      why: 'the omitted Dockerfile, as expected.e2e.yaml describes it (ENV EMPTY=not_empty, prints "=$EMPTY="), loaded under the name compose gives the built image (<project>-<service>); an image that exists is used as is, as compose does with build: and pull_policy missing',
    }],
    adapted: ['the build is replaced by the stand-in image described in expected.e2e.yaml (see images); the steps are upstream\'s'],
  },
  'dc-env-priority': {
    images: [{
      name: 'dc-env-priority-env-compose-priority', tag: 'latest',
      config: { Env: [PATH_ENV, 'WHEREAMI=Dockerfile'], Cmd: ['sh', '-c', 'echo "$WHEREAMI"'] },
      why: 'the omitted Dockerfile, as expected.e2e.yaml describes it (ENV WHEREAMI=Dockerfile, prints $WHEREAMI), loaded under the built image\'s name',
    }],
    adapted: ['the build is replaced by the stand-in image described in expected.e2e.yaml (see images); the steps are upstream\'s'],
  },
  'dc-env-file-missing-required': {
    adapted: [
      'step 2 "ps / logs / exec serviceA echo hello" is three commands, each must exit 0',
      '`scale SVC=N` (no `berth scale` verb yet) runs as what compose\'s scale does: `up -d --no-deps --no-recreate --scale SVC=N SVC`',
    ],
    steps: (raw, files, project) => {
      const g = (r: RawStep): RunStep => genericStep(r, files, project);
      const scale = (r: RawStep, svc: string, n: number): RunStep => ({ ...g(r), label: `scale ${svc}=${n}`, args: ['-f', 'compose.yaml', 'up', '-d', '--no-deps', '--no-recreate', '--scale', `${svc}=${n}`, svc] });
      return [
        g(raw[0]!),
        exitsZero('ps', ['-f', 'compose.yaml', 'ps']), exitsZero('logs', ['-f', 'compose.yaml', 'logs']),
        { ...exitsZero('exec serviceA echo hello', ['-f', 'compose.yaml', 'exec', 'serviceA', 'echo', 'hello']), stdoutContains: ['hello'] },
        scale(raw[2]!, 'serviceA', 2), scale(raw[3]!, 'serviceB', 1),
        ...raw.slice(4).map(g),
      ];
    },
  },
  'dc-ipc-modes': {
    adapted: [
      'the external container is made first as upstream does: `docker run -d --rm --ipc=shareable --name <name> alpine top` (docker CLI against the suite engine), EXTERNAL_NAME = its name',
      'the three `inspect:` prose steps read HostConfig.IpcMode of each container',
    ],
    steps: (raw, files, project) => [
      {
        label: 'docker run --ipc=shareable (external container)', program: 'docker', exitCode: 0,
        args: ['run', '-d', '--rm', '--ipc=shareable', '--name', `${project}-external`, 'alpine', 'top'],
        check: async (r, ctx) => { ctx.vars.set('cid', r.stdout.trim()); return undefined; },
      },
      { ...genericStep(raw[0]!, files, project), env: { EXTERNAL_NAME: `${project}-external` } },
      ipcModeIs(`${project}-shareable-1`, () => 'shareable', true),
      ipcModeIs(`${project}-service-1`, () => 'container:', false),
      ipcModeIs(`${project}-container-1`, (ctx) => `container:${ctx.vars.get('cid')}`, true),
    ],
  },
  'dc-restart-dependents': {
    project: 'e2e-restart-deps',
    env: { COMPOSE_PROJECT_NAME: 'e2e-restart-deps' },
    adapted: ['COMPOSE_PROJECT_NAME=e2e-restart-deps for every step, as upstream\'s NewCLI(WithEnv(...)) sets it for all commands (the transcription lists it on steps 1 and 3 only)'],
  },
  'dc-watch-fixtures': { skip: '`berth watch` / `up --watch` (develop.watch file sync, rebuild) is not implemented, and rebuild-deps.yaml needs `build` with Dockerfiles the corpus omitted' },
};

/** Containers a case starts outside compose (removed after the case). */
export function externalContainers(id: string, project: string): string[] {
  return id === 'dc-ipc-modes' ? [`${project}-external`] : [];
}

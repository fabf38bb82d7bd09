// `berth convert --to kubernetes`: the project, loaded as `up` loads it (profiles, env files,
// services named), as Kubernetes manifests on stdout (one YAML stream) or in a directory (one file
// per object), and the report of every compose key that did not carry over on stderr.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { CommandContext } from '../context';
import { parseCommandLine } from '../args/compose-flags';
import { createFsHost } from '../../core/host/fs-host';
import { loadProject } from '../../core/spec/index';
import { convertProject, fileNameOf, formatReport, KubeError, toYamlStream, type ConvertOptions, type KubeHost, type PublishAs, type ReportEntry } from '../../core/kube/index';
import { CoreError } from '../../core/errors';
import { formatError } from '../format-error';
import { COMPOSE_FLAGS } from '../help';

const OPTIONS = {
  to: { type: 'string' },
  out: { type: 'string', short: 'o' },
  report: { type: 'string' },
  strict: { type: 'boolean' },
  'publish-as': { type: 'string' },
  'host-path': { type: 'boolean' },
  'volume-size': { type: 'string' },
  'storage-class': { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  'cluster-domain': { type: 'string' },
} as const;

type Values = ReturnType<typeof parseCommandLine<typeof OPTIONS>>['values'];

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  try {
    const { globals, values, positionals } = parseCommandLine(args, OPTIONS);
    const to = values.to ?? 'kubernetes';
    if (to !== 'kubernetes' && to !== 'k8s') throw new CoreError('INVALID_ARGUMENT', `unsupported target "${to}": use kubernetes`);
    const reportFormat = values.report ?? 'text';
    if (reportFormat !== 'text' && reportFormat !== 'json') throw new CoreError('INVALID_ARGUMENT', `unsupported report format "${reportFormat}": use text or json`);
    const host = createFsHost(ctx.env, ctx.cwd);
    const project = loadProject({
      files: globals.files, projectName: globals.projectName, projectDirectory: globals.projectDirectory,
      envFiles: globals.envFiles, profiles: globals.profiles, services: positionals,
    }, host);
    for (const w of project.meta.warnings) ctx.stderr.write(`WARN[0000] ${w}\n`);
    const result = convertProject(project, options(values), fileHost());
    writeReport(result.report, reportFormat, project.meta.workingDir, ctx.stderr);
    if (values.strict && result.report.length > 0) {
      throw new KubeError('FAILED_PRECONDITION', `--strict: ${result.report.length} compose key(s) not carried over; nothing written`, { entries: result.report });
    }
    if (values.out) {
      const dir = resolve(ctx.cwd, values.out);
      mkdirSync(dir, { recursive: true });
      for (const o of result.objects) writeFileSync(join(dir, fileNameOf(o)), toYamlStream([o]).replace(/^---\n/, ''));
    } else {
      ctx.stdout.write(toYamlStream(result.objects));
    }
    return 0;
  } catch (err) {
    ctx.stderr.write(formatError(err) + '\n');
    return 1;
  }
}

function options(v: Values): Partial<ConvertOptions> {
  const publishAs = (v['publish-as'] ?? 'nodeport').toLowerCase();
  if (!['nodeport', 'loadbalancer', 'ingress'].includes(publishAs)) {
    throw new CoreError('INVALID_ARGUMENT', `--publish-as ${publishAs}: use nodeport, loadbalancer or ingress`);
  }
  const size = v['volume-size'];
  if (size !== undefined && !/^\d+(\.\d+)?([KMGTPE]i?|[mkMGTPE])?$/.test(size)) {
    throw new CoreError('INVALID_ARGUMENT', `--volume-size ${size}: expected a Kubernetes quantity such as 10Gi`);
  }
  return {
    publishAs: publishAs as PublishAs,
    hostPath: v['host-path'] === true,
    ...(size ? { volumeSize: size } : {}),
    ...(v['storage-class'] ? { storageClass: v['storage-class'] } : {}),
    ...(v.namespace ? { namespace: v.namespace } : {}),
    ...(v['cluster-domain'] ? { clusterDomain: clusterDomain(v['cluster-domain']) } : {}),
  };
}

/** A DNS name (it goes into a shell command of the wait containers: nothing else may pass). */
function clusterDomain(domain: string): string {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(domain)) {
    throw new CoreError('INVALID_ARGUMENT', `--cluster-domain ${domain}: expected a DNS name such as cluster.local`);
  }
  return domain;
}

/** The converter reads config and secret files through this (core/kube stays pure). */
function fileHost(): KubeHost {
  return {
    readFile: (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

function writeReport(entries: ReportEntry[], format: 'text' | 'json', base: string, out: Writable): void {
  if (format === 'json') out.write(JSON.stringify(entries, null, 2) + '\n');
  else out.write(formatReport(entries, base));
}

export const help = {
  usage: 'berth convert [OPTIONS] [SERVICE...]',
  summary: 'Convert the project to Kubernetes manifests, reporting every key that does not carry over',
  flags: [
    ['--to string', 'Target platform: kubernetes (default "kubernetes")'],
    ['-o, --out string', 'Write one file per object into this directory (default: one YAML stream on stdout)'],
    ['--report string', 'Report format on stderr: text or json (default "text")'],
    ['--strict', 'Fail (exit 1, nothing written) if any compose key is not carried over'],
    ['--publish-as string', 'How published ports leave the cluster: nodeport, loadbalancer or ingress (default "nodeport")'],
    ['--host-path', 'Turn bind mounts into hostPath volumes (refused otherwise)'],
    ['--volume-size string', 'Size of a volume\'s PersistentVolumeClaim when x-kubernetes sets none (default "1Gi")'],
    ['--storage-class string', 'storageClassName of the claims when x-kubernetes sets none'],
    ['--cluster-domain string', 'The cluster\'s DNS domain, for the dependency waits (default "cluster.local")'],
    ['-n, --namespace string', 'Namespace of every object (default: the project\'s x-kubernetes.namespace, else none: kubectl\'s current one)'],
    // The project is loaded as `up` loads it: the compose flags choose files, profiles and env files.
    ...COMPOSE_FLAGS.filter(([flag]) => !flag.startsWith('--parallel')),
  ],
} as const;

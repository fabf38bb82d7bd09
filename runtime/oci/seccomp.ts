// Turns the default profile into the OCI `linux.seccomp` of one container, as moby's
// profiles/seccomp setupSeccomp does: rules are kept or dropped by capabilities, arch and kernel.
import { DOCKER_DEFAULT_SECCOMP, type SeccompRule } from './seccomp-profile';
import type { LinuxSeccomp } from './spec-types';

/** Docker arch name and the SCMP arches the filter must cover, per Node's process.arch. */
const ARCHES: Record<string, { docker: string; scmp: string[] }> = {
  x64: { docker: 'amd64', scmp: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'] },
  arm64: { docker: 'arm64', scmp: ['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM'] },
  s390x: { docker: 's390x', scmp: ['SCMP_ARCH_S390X', 'SCMP_ARCH_S390'] },
  riscv64: { docker: 'riscv64', scmp: ['SCMP_ARCH_RISCV64'] },
  ppc64: { docker: 'ppc64le', scmp: ['SCMP_ARCH_PPC64LE'] },
};

export interface SeccompContext {
  /** Node's process.arch. */
  arch: string;
  /** Effective capabilities of the container. */
  capabilities: readonly string[];
  /** Kernel release, e.g. "6.1.0-18-amd64". */
  kernel: string;
}

function kernelAtLeast(kernel: string, min: string): boolean {
  const [a = 0, b = 0] = kernel.split(/[.-]/).map((n) => parseInt(n, 10) || 0);
  const [x = 0, y = 0] = min.split('.').map((n) => parseInt(n, 10) || 0);
  return a > x || (a === x && b >= y);
}

function applies(rule: SeccompRule, ctx: SeccompContext, dockerArch: string): boolean {
  const has = (c: string): boolean => ctx.capabilities.includes(c);
  if (rule.ifCaps && !rule.ifCaps.some(has)) return false;
  if (rule.unlessCaps && rule.unlessCaps.some(has)) return false;
  if (rule.ifArches && !rule.ifArches.includes(dockerArch)) return false;
  if (rule.unlessArches && rule.unlessArches.includes(dockerArch)) return false;
  if (rule.minKernel && !kernelAtLeast(ctx.kernel, rule.minKernel)) return false;
  return true;
}

/** Docker's default profile for this container. */
export function defaultSeccomp(ctx: SeccompContext): LinuxSeccomp {
  const arch = ARCHES[ctx.arch] ?? { docker: ctx.arch, scmp: [] };
  const syscalls = DOCKER_DEFAULT_SECCOMP.rules
    .filter((r) => applies(r, ctx, arch.docker))
    .map((r) => ({
      names: r.names,
      action: r.action,
      ...(r.errnoRet !== undefined ? { errnoRet: r.errnoRet } : {}),
      ...(r.args ? { args: r.args.map((a) => ({ index: a.index, value: a.value, op: a.op })) } : {}),
    }));
  return {
    defaultAction: DOCKER_DEFAULT_SECCOMP.defaultAction,
    defaultErrnoRet: DOCKER_DEFAULT_SECCOMP.defaultErrnoRet,
    architectures: arch.scmp,
    syscalls,
  };
}

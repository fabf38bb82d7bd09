// fstab-style options → mount(2) flags and the data string, as containerd's parseMountOptions
// (core/mount/mount_linux.go) does: known flag words set or clear bits, everything else is data.
export const MS = {
  RDONLY: 0x1, NOSUID: 0x2, NODEV: 0x4, NOEXEC: 0x8, SYNCHRONOUS: 0x10, REMOUNT: 0x20,
  MANDLOCK: 0x40, DIRSYNC: 0x80, NOATIME: 0x400, NODIRATIME: 0x800, BIND: 0x1000, MOVE: 0x2000,
  REC: 0x4000, PRIVATE: 0x40000, SLAVE: 0x80000, SHARED: 0x100000, RELATIME: 0x200000,
  STRICTATIME: 0x1000000, UNBINDABLE: 0x20000,
} as const;

interface FlagWord { clear: boolean; flag: number }

const FLAGS: Record<string, FlagWord> = {
  async: { clear: true, flag: MS.SYNCHRONOUS }, atime: { clear: true, flag: MS.NOATIME },
  bind: { clear: false, flag: MS.BIND }, defaults: { clear: false, flag: 0 },
  dev: { clear: true, flag: MS.NODEV }, diratime: { clear: true, flag: MS.NODIRATIME },
  dirsync: { clear: false, flag: MS.DIRSYNC }, exec: { clear: true, flag: MS.NOEXEC },
  mand: { clear: false, flag: MS.MANDLOCK }, noatime: { clear: false, flag: MS.NOATIME },
  nodev: { clear: false, flag: MS.NODEV }, nodiratime: { clear: false, flag: MS.NODIRATIME },
  noexec: { clear: false, flag: MS.NOEXEC }, nomand: { clear: true, flag: MS.MANDLOCK },
  norelatime: { clear: true, flag: MS.RELATIME }, nostrictatime: { clear: true, flag: MS.STRICTATIME },
  nosuid: { clear: false, flag: MS.NOSUID }, rbind: { clear: false, flag: MS.BIND | MS.REC },
  relatime: { clear: false, flag: MS.RELATIME }, remount: { clear: false, flag: MS.REMOUNT },
  ro: { clear: false, flag: MS.RDONLY }, rw: { clear: true, flag: MS.RDONLY },
  strictatime: { clear: false, flag: MS.STRICTATIME }, suid: { clear: true, flag: MS.NOSUID },
  sync: { clear: false, flag: MS.SYNCHRONOUS },
};

/** Propagation words are applied by a second mount(2) call, as the kernel requires. */
const PROPAGATION: Record<string, number> = {
  private: MS.PRIVATE, rprivate: MS.PRIVATE | MS.REC, shared: MS.SHARED, rshared: MS.SHARED | MS.REC,
  slave: MS.SLAVE, rslave: MS.SLAVE | MS.REC, unbindable: MS.UNBINDABLE, runbindable: MS.UNBINDABLE | MS.REC,
};

export interface ParsedOptions {
  flags: number;
  propagation: number;
  data: string[];
}

export function parseMountOptions(options: readonly string[]): ParsedOptions {
  let flags = 0;
  let propagation = 0;
  const data: string[] = [];
  for (const o of options) {
    const f = FLAGS[o];
    if (f) {
      flags = f.clear ? flags & ~f.flag : flags | f.flag;
    } else if (PROPAGATION[o] !== undefined) {
      propagation |= PROPAGATION[o];
    } else {
      data.push(o);
    }
  }
  return { flags, propagation, data };
}

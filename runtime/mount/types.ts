// A mount to perform, as containerd's `mount.Mount`: snapshotters return these and never mount
// themselves, so a caller (the containers service, a test) decides where and when to mount.
export interface Mount {
  /** Filesystem type: "overlay", "bind", "tmpfs"... */
  type: string;
  /** What to mount: a path for bind, a label ("overlay") for virtual filesystems. */
  source: string;
  /** Sub-path under the mount point; empty or absent means the mount point itself. */
  target?: string;
  /** fstab-style options: flags ("ro", "rbind", "nosuid") and data ("lowerdir=...") mixed. */
  options: string[];
}

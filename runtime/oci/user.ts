// Resolves Docker's `User` ("name", "uid", "name:group", "uid:gid") against the image's
// /etc/passwd and /etc/group, as moby's user.GetExecUser does: numeric ids need no entry,
// names must exist, and the user's supplementary groups come from /etc/group.
import { EngineError } from '../errors';
import type { OciUser } from './spec-types';

export interface PasswdEntry { name: string; uid: number; gid: number; home: string }
export interface GroupEntry { name: string; gid: number; members: string[] }

export function parsePasswd(text: string): PasswdEntry[] {
  return text.split('\n').filter((l) => l && !l.startsWith('#')).flatMap((l) => {
    const f = l.split(':');
    if (f.length < 4) return [];
    return [{ name: f[0], uid: Number(f[2]), gid: Number(f[3]), home: f[5] ?? '/' }];
  });
}

export function parseGroup(text: string): GroupEntry[] {
  return text.split('\n').filter((l) => l && !l.startsWith('#')).flatMap((l) => {
    const f = l.split(':');
    if (f.length < 3) return [];
    return [{ name: f[0], gid: Number(f[2]), members: (f[3] ?? '').split(',').filter(Boolean) }];
  });
}

const isNumeric = (s: string): boolean => /^\d+$/.test(s);

export interface ResolvedUser extends OciUser { home: string }

/** Resolves `spec` ("" = root) against the parsed files of the container's rootfs. */
export function resolveUser(spec: string, passwd: PasswdEntry[], groups: GroupEntry[]): ResolvedUser {
  const [userPart = '', groupPart] = (spec || '0').split(':', 2);
  let uid: number; let gid: number; let home = '/'; let name: string | undefined;
  const byName = passwd.find((p) => p.name === userPart);
  const byId = isNumeric(userPart) ? passwd.find((p) => p.uid === Number(userPart)) : undefined;
  if (byName) ({ uid, gid, home, name } = byName);
  else if (isNumeric(userPart)) {
    uid = Number(userPart); gid = byId?.gid ?? 0; home = byId?.home ?? '/'; name = byId?.name;
  } else {
    throw new EngineError('INVALID_ARGUMENT', `unable to find user ${userPart}: no matching entries in passwd file`);
  }
  if (groupPart !== undefined && groupPart !== '') {
    const g = groups.find((x) => x.name === groupPart);
    if (g) gid = g.gid;
    else if (isNumeric(groupPart)) gid = Number(groupPart);
    else throw new EngineError('INVALID_ARGUMENT', `unable to find group ${groupPart}: no matching entries in group file`);
  }
  // Supplementary groups only when the group was not given explicitly, as Docker does.
  const additionalGids = groupPart === undefined && name !== undefined
    ? groups.filter((g) => g.members.includes(name as string) && g.gid !== gid).map((g) => g.gid)
    : [];
  return { uid, gid, additionalGids: [gid, ...additionalGids.filter((g) => g !== gid)], home };
}

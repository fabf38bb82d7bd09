// `--chown=user:group` for COPY/ADD: names looked up in the destination rootfs's /etc/passwd and
// /etc/group (numbers taken as they are), a missing group meaning the user's own, as Docker does.
import { readFile } from 'node:fs/promises';
import { parseGroup, parsePasswd } from '../oci/user';
import { BuildError } from './errors';
import { resolveInScope } from './scoped-path';

export interface Owner {
  uid: number;
  gid: number;
}

async function readIn(rootfs: string, path: string): Promise<string> {
  return readFile(await resolveInScope(rootfs, path), 'utf8').catch(() => '');
}

export async function ownerIn(rootfs: string, chown: string, where: string): Promise<Owner> {
  const [user, group] = chown.split(':', 2);
  const passwd = parsePasswd(await readIn(rootfs, '/etc/passwd'));
  const entry = /^\d+$/.test(user) ? undefined : passwd.find((p) => p.name === user);
  if (!/^\d+$/.test(user) && !entry) throw new BuildError('INVALID_ARGUMENT', `${where}: unable to convert uid/gid chown string to host mapping: can't find uid for user ${user}: no such user: ${user}`);
  const uid = entry ? entry.uid : Number(user);
  if (group === undefined || group === '') return { uid, gid: entry ? entry.gid : uid };
  if (/^\d+$/.test(group)) return { uid, gid: Number(group) };
  const g = parseGroup(await readIn(rootfs, '/etc/group')).find((x) => x.name === group);
  if (!g) throw new BuildError('INVALID_ARGUMENT', `${where}: unable to convert uid/gid chown string to host mapping: can't find gid for group ${group}: no such group: ${group}`);
  return { uid, gid: g.gid };
}

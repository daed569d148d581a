import { v2Message } from './messages.js';
import type { V2Walk } from './walker.js';

const CREATE_CONFLICTS = [
  'gecos',
  'groups',
  'homeDir',
  'noCreateHome',
  'noLogInit',
  'noUserGroup',
  'primaryGroup',
  'shell',
  'system',
  'uid',
] as const;

/** passwd: PasswdUser.Validate (2.1+): `create` is deprecated and conflicts with the user-level fields. */
export function checkPasswd(w: V2Walk): void {
  const { f, sink } = w;
  w.cfg.passwd.users.forEach((u, i) => {
    if (!f.createDeprecated || u.create === undefined) return;
    const at = ['passwd', 'users', i];
    w.structValidate(at, () => {
      sink.warn('IGN_PASSWD_CREATE_DEPRECATED', [...at, 'create'], v2Message('IGN_PASSWD_CREATE_DEPRECATED'));
      for (const key of CREATE_CONFLICTS) {
        const v = u[key];
        const set = Array.isArray(v) ? v.length > 0 : v !== undefined && v !== '' && v !== false;
        if (set)
          sink.error(
            'IGN_PASSWD_CREATE_AND_FIELD',
            [...at, key],
            `cannot use both the create object and the user-level ${key} field`,
          );
      }
    });
  });
}

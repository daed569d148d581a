import { v2Message } from './messages.js';
import { absolute, bytes, type V2Walk } from './walker.js';

const LABEL_LIMITS: Record<string, number> = { ext4: 16, btrfs: 256, xfs: 12, swap: 15, vfat: 11 };

/** `storage.filesystems`: Filesystem.Validate (2.0: the first problem only), then the mount's fields, then the path. */
export function checkFilesystems(w: V2Walk): void {
  const { f, sink } = w;
  w.cfg.storage.filesystems.forEach((fs, i) => {
    const at = ['storage', 'filesystems', i];
    const m = fs.mount;
    let fatal = false;
    if (m === undefined && fs.path === undefined) {
      sink.error('IGN_FILESYSTEM_NO_MOUNT_PATH', at, v2Message('IGN_FILESYSTEM_NO_MOUNT_PATH'));
      fatal = true;
    }
    if (m !== undefined) {
      if (fs.path !== undefined) {
        sink.error('IGN_FILESYSTEM_MOUNT_AND_PATH', at, v2Message('IGN_FILESYSTEM_MOUNT_AND_PATH'));
        fatal = true;
      }
      if (f.createDeprecated && m.create !== undefined) {
        if (m.wipeFilesystem === true) {
          sink.error('IGN_FILESYSTEM_CREATE_AND_WIPE', [...at, 'mount'], v2Message('IGN_FILESYSTEM_CREATE_AND_WIPE'));
          fatal = true;
        }
        if ((m.options ?? []).length > 0) {
          sink.error(
            'IGN_FILESYSTEM_CREATE_AND_OPTIONS',
            [...at, 'mount'],
            v2Message('IGN_FILESYSTEM_CREATE_AND_OPTIONS'),
          );
          fatal = true;
        }
        sink.warn(
          'IGN_FILESYSTEM_CREATE_DEPRECATED',
          [...at, 'mount', 'create'],
          v2Message('IGN_FILESYSTEM_CREATE_DEPRECATED'),
        );
      }
    }
    if (fatal) return void w.blocked.push(at);
    if (m !== undefined) {
      const format = () => {
        if (f.formats.includes(m.format)) return true;
        sink.error('IGN_FILESYSTEM_FORMAT_INVALID', [...at, 'mount', 'format']);
        if (f.fieldValidators) w.blocked.push([...at, 'mount']); // Mount.Validate failed
        return false;
      };
      const device = () => {
        if (!absolute(m.device))
          sink.error('IGN_PATH_NOT_ABSOLUTE', [...at, 'mount', 'device'], v2Message('IGN_PATH_NOT_ABSOLUTE'));
      };
      if (!f.fieldValidators) {
        // 2.0 FilesystemMount fields: device, format (each its own type's Validate).
        device();
        format();
      } else if (format()) {
        // 2.1+ Mount.Validate (format) first; its fields (device, label) only when it passed.
        device();
        const limit = LABEL_LIMITS[m.format];
        if (m.label !== undefined && limit !== undefined && bytes(m.label) > limit) {
          sink.error(
            'IGN_FILESYSTEM_LABEL_TOO_LONG',
            [...at, 'mount', 'label'],
            `filesystem labels cannot be longer than ${limit} characters when using ${m.format}`,
          );
        }
      }
    }
    if (fs.path !== undefined && !absolute(fs.path)) {
      const text = f.namedMessages
        ? `filesystem ${JSON.stringify(fs.name)}: path not absolute`
        : v2Message('IGN_PATH_NOT_ABSOLUTE');
      sink.error('IGN_PATH_NOT_ABSOLUTE', [...at, 'path'], text);
    }
  });
}

/**
 * Fedora CoreOS-only sugar (config/fcos/v1_N): `boot_device` (LUKS root
 * with TPM2/Tang/CEX, mirrored boot disk per layout), `grub.users`, and the
 * checks on the boot disk's partitions.
 */
import type { Issue, JsonPath } from '../../core/index.js';
import { makeDataUrl, utf8 } from '../data-url.js';
import { TranslationSet } from '../translation-set.js';
import type { BObject, BValue } from './decode.js';
import { mergeTranslated } from './merge.js';
import { butaneIssue } from './messages.js';
import type { ButanePorts } from './ports.js';
import { b, type BNode } from './schema.js';
import type { ButaneSpec } from './spec.js';

type Rec = Record<string, unknown>;
const obj = (v: BValue | undefined): BObject => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {});
const list = (v: BValue | undefined): BValue[] => (Array.isArray(v) ? v : []);

const minor = (spec: ButaneSpec): number => Number(spec.version.split('.')[1]);

/** The `boot_device` and `grub` input structs of an fcos version. */
export function fcosExtras(spec: ButaneSpec, tang: BNode): Record<string, BNode> {
  const m = minor(spec);
  const pkg = spec.experimental ? `v1_${m}_exp` : `v1_${m}`;
  const out: Record<string, BNode> = {};
  if (m >= 3) {
    const luks: Record<string, BNode> = { tang: b.arr(tang), threshold: b.int(), tpm2: b.bool() };
    if (m >= 5) luks.discard = b.bool();
    if (m >= 6) {
      luks.cex = b.obj('Cex', { enabled: b.bool() });
      luks.device = b.str();
    }
    out.boot_device = b.obj(
      'BootDevice',
      {
        layout: b.str(),
        luks: b.obj('BootDeviceLuks', luks, pkg),
        mirror: b.obj('BootDeviceMirror', { devices: b.arr(b.str()) }, pkg),
      },
      pkg,
    );
  }
  if (m >= 5)
    out.grub = b.obj('Grub', { users: b.arr(b.obj('GrubUser', { name: b.str(), password_hash: b.str() }, pkg)) }, pkg);
  return out;
}

/** fcos 1.6+ Config.Validate: runs before the base rules. */
export function fcosConfigRules(spec: ButaneSpec, value: BObject): Issue[] {
  if (spec.variant !== 'fcos' || minor(spec) < 6) return [];
  const out: Issue[] = [];
  const mirrors = new Set(list(obj(obj(value.boot_device).mirror).devices).map(String));
  const storage = obj(value.storage);
  list(storage.disks).forEach((d, i) => {
    const disk = obj(d);
    if (
      disk.device !== '/dev/disk/by-id/coreos-boot-disk' &&
      disk.wipe_table !== true &&
      !mirrors.has(String(disk.device ?? ''))
    ) {
      list(disk.partitions).forEach((p, j) => {
        const part = obj(p);
        if ((part.number === undefined || part.number === 0) && part.label !== undefined) {
          out.push(
            butaneIssue.warning('BUTANE_FCOS_PARTITION', ['storage', 'disks', i, 'partitions', j, 'number'], {
              reason: 'reuseByLabel',
            }),
          );
        }
      });
    }
  });
  list(storage.filesystems).forEach((f, i) => {
    const fs = obj(f);
    if (typeof fs.path === 'string' && !/^\/(etc|var)(\/|$)/.test(fs.path) && fs.with_mount_unit === true) {
      out.push(butaneIssue.error('BUTANE_FCOS_MOUNT_POINT', ['storage', 'filesystems', i, 'path']));
    }
  });
  return out;
}

/** BootDevice/Grub rules, in Butane's walk order (after the base rules). */
export function fcosSugarRules(spec: ButaneSpec, value: BObject): Issue[] {
  const m = minor(spec);
  const out: Issue[] = [];
  if (value.boot_device !== undefined && m >= 3) {
    const d = obj(value.boot_device);
    const c: JsonPath = ['boot_device'];
    const luks = obj(d.luks);
    const mirror = obj(d.mirror);
    const devices = list(mirror.devices);
    const layout = typeof d.layout === 'string' ? d.layout : undefined;
    if (devices.length > 0 && layout === undefined) {
      out.push(
        m >= 7
          ? butaneIssue.error('BUTANE_FCOS_BOOT_DEVICE', [...c, 'mirror'], { reason: 'mirrorLayout' })
          : butaneIssue.warning('BUTANE_FCOS_BOOT_DEVICE', [...c, 'mirror'], { reason: 'mirrorLayout' }),
      );
    }
    if (layout !== undefined) {
      if (m < 6) {
        if (!['aarch64', 'ppc64le', 'x86_64'].includes(layout))
          out.push(butaneIssue.error('BUTANE_FCOS_BOOT_DEVICE', [...c, 'layout'], { reason: 'layoutLegacy' }));
      } else {
        const dev = typeof luks.device === 'string' ? luks.device : '';
        if (layout === 's390x-eckd' || layout === 's390x-zfcp') {
          if (dev === '')
            out.push(butaneIssue.error('BUTANE_FCOS_BOOT_DEVICE', [...c, 'layout'], { reason: 'noLuksDevice' }));
          else if (!(layout === 's390x-eckd' ? /\/dev\/dasd[a-z]$/ : /\/dev\/sd[a-z]$/).test(dev)) {
            out.push(butaneIssue.error('BUTANE_FCOS_BOOT_DEVICE', [...c, 'layout'], { reason: 'luksBadName' }));
          }
        } else if (!['aarch64', 'ppc64le', 'x86_64', 's390x-virt'].includes(layout)) {
          out.push(butaneIssue.error('BUTANE_FCOS_BOOT_DEVICE', [...c, 'layout'], { reason: 'layout' }));
        }
        if (layout.startsWith('s390x') && devices.length > 0)
          out.push(butaneIssue.error('BUTANE_FCOS_BOOT_DEVICE', [...c, 'layout'], { reason: 'mirrorNotSupported' }));
      }
    }
    if (m >= 6 && obj(luks.cex).enabled === true) {
      if (layout === undefined)
        out.push(butaneIssue.error('BUTANE_FCOS_BOOT_DEVICE', [...c, 'luks', 'cex'], { reason: 'cexArch' }));
      else if (!layout.startsWith('s390x'))
        out.push(butaneIssue.error('BUTANE_FCOS_BOOT_DEVICE', [...c, 'layout'], { reason: 'cexArch' }));
      if (list(luks.tang).length > 0 || luks.tpm2 === true)
        out.push(butaneIssue.error('BUTANE_FCOS_BOOT_DEVICE', [...c, 'luks'], { reason: 'cexWithClevis' }));
    }
    // BootDevice.Validate calls Mirror.Validate and the struct walker calls it again: Butane reports it twice.
    if (devices.length === 1) {
      for (let k = 0; k < 2; k++)
        out.push(butaneIssue.error('BUTANE_FCOS_BOOT_DEVICE', [...c, 'mirror', 'devices'], { reason: 'tooFewMirror' }));
    }
    if (m >= 7 && typeof luks.device === 'string' && luks.device !== '') {
      const valid =
        list(luks.tang).some((t) => Object.values(obj(t)).some((x) => x !== undefined && x !== '')) ||
        luks.tpm2 === true ||
        obj(luks.cex).enabled === true;
      if (!valid)
        out.push(butaneIssue.error('BUTANE_FCOS_BOOT_DEVICE', [...c, 'luks', 'luks'], { reason: 'noLuksMethod' }));
    }
  }
  list(obj(value.grub).users).forEach((u, i) => {
    const user = obj(u);
    if (user.name === undefined || user.name === '')
      out.push(butaneIssue.error('BUTANE_FCOS_GRUB', ['grub', 'users', i, 'name'], { reason: 'name' }));
    if (user.password_hash === undefined || user.password_hash === '')
      out.push(
        butaneIssue.error('BUTANE_FCOS_GRUB', ['grub', 'users', i, 'password_hash'], { reason: 'passwordHash' }),
      );
  });
  return out;
}

/** grub.users → /boot filesystem and /boot/grub2/user.cfg, merged on top (the user config is the parent here). */
export function processGrub(
  value: BObject,
  config: Rec,
  ts: TranslationSet,
  ports: ButanePorts,
): { config: Rec; ts: TranslationSet } {
  const users = list(obj(value.grub).users).map(obj);
  if (users.length === 0) return { config, ts };
  const text =
    `# Generated by Butane\n\nset superusers="${users.map((u) => String(u.name ?? '')).join(' ')}"\n` +
    `${users.map((u) => `password_pbkdf2 ${String(u.name ?? '')} ${String(u.password_hash ?? '')}`).join('\n')}\n`;
  const url = makeDataUrl(utf8(text), undefined, ports.gzip);
  const storage = {
    files: [{ path: '/boot/grub2/user.cfg', append: [{ compression: url.compression, source: url.url }] }],
    filesystems: [{ device: '/dev/disk/by-label/boot', format: 'ext4', path: '/boot' }],
  };
  const rts = new TranslationSet().addFromCommonSource(['grub', 'users'], ['storage'], storage);
  return mergeTranslated({ storage }, rts, config, ts);
}

/** Warnings on partitions of the final config (json paths, mapped by the caller). */
export function partitionWarnings(spec: ButaneSpec, config: Rec): Issue[] {
  const out: Issue[] = [];
  const m = minor(spec);
  const disks = (obj((config.storage ?? {}) as BValue).disks ?? []) as unknown as Rec[];
  disks.forEach((disk, i) => {
    const parts = (disk.partitions ?? []) as Rec[];
    parts.forEach((p, j) => {
      if (typeof p.label !== 'string') return;
      const at: JsonPath = ['storage', 'disks', i, 'partitions', j];
      if (m >= 3 && p.label === 'root') {
        if (p.sizeMiB === undefined || p.sizeMiB === 0) {
          if (parts.some((q, k) => k !== j && (q.startMiB === undefined || q.startMiB === 0))) {
            out.push(butaneIssue.warning('BUTANE_FCOS_PARTITION', [...at, 'label'], { reason: 'rootConstrained' }));
          }
        } else if (typeof p.sizeMiB === 'number' && p.sizeMiB < 8192)
          out.push(butaneIssue.warning('BUTANE_FCOS_PARTITION', [...at, 'size_mib'], { reason: 'rootTooSmall' }));
      }
      if (disk.wipeTable !== true) {
        const n = typeof p.number === 'number' ? p.number : 0;
        const l = p.label;
        if (
          ((l === 'BIOS-BOOT' || l === 'PowerPC-PReP-boot') && n !== 1) ||
          (l === 'EFI-SYSTEM' && n !== 2) ||
          (l === 'boot' && n !== 3) ||
          (l === 'root' && n !== 4)
        ) {
          out.push(butaneIssue.warning('BUTANE_FCOS_PARTITION', [...at, 'label'], { reason: 'wrongNumber' }));
        }
      }
    });
  });
  return out;
}

/**
 * fcos `boot_device` (config/fcos/v1_N processBootDevice): a LUKS root
 * (TPM2, Tang, threshold, discard, or CEX on s390x) and/or a mirrored boot
 * disk with the layout's partition scheme, generated and then merged under
 * the user's own storage.
 */
import type { JsonPath } from '../../core/index.js';
import { TranslationSet } from '../translation-set.js';
import type { BObject, BValue } from './decode.js';
import { mergeTranslated } from './merge.js';
import { snake } from './schema.js';
import type { ButaneSpec } from './spec.js';

type Rec = Record<string, unknown>;
const obj = (v: BValue | undefined): BObject => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {});
const list = (v: BValue | undefined): BValue[] => (Array.isArray(v) ? v : []);
const minor = (spec: ButaneSpec): number => Number(spec.version.split('.')[1]);

const GUID = {
  reserved: '8DA63339-0007-60C0-C436-083AC8230908',
  bios: '21686148-6449-6E6F-744E-656564454649',
  prep: '9E1A2D38-C612-4316-AA26-8B49521E5A8B',
  esp: 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B',
};

/** processBootDevice: the generated storage, merged under the user's config. */
export function processBootDevice(
  spec: ButaneSpec,
  value: BObject,
  config: Rec,
  ts: TranslationSet,
): { config: Rec; ts: TranslationSet } {
  const d = obj(value.boot_device);
  const luks = obj(d.luks);
  const m = minor(spec);
  const cex = m >= 6 && obj(luks.cex).enabled === true;
  const wantLuks = luks.tpm2 === true || list(luks.tang).length > 0 || cex;
  const devices = list(obj(d.mirror).devices).map(String);
  const wantMirror = devices.length > 0;
  if (!wantLuks && !wantMirror) return { config, ts };
  const layout = typeof d.layout === 'string' ? d.layout : 'x86_64';
  const bios = layout === 'x86_64';
  const efi = layout === 'x86_64' || layout === 'aarch64';
  const prep = layout === 'ppc64le';
  const disks: Rec[] = [];
  const filesystems: Rec[] = [];
  const storage: Rec = {};
  const rts = new TranslationSet();
  if (wantMirror) {
    devices.forEach((device, i) => {
      const n = disks.length + 1;
      const parts: Rec[] = [];
      if (bios) parts.push({ label: `bios-${n}`, sizeMiB: 1, typeGuid: GUID.bios });
      else if (prep) parts.push({ label: `prep-${n}`, sizeMiB: 4, typeGuid: GUID.prep });
      else parts.push({ label: `reserved-${n}`, sizeMiB: 1, typeGuid: GUID.reserved });
      if (efi) parts.push({ label: `esp-${n}`, sizeMiB: 127, typeGuid: GUID.esp });
      else parts.push({ label: `reserved-${n}`, sizeMiB: 1, typeGuid: GUID.reserved });
      parts.push({ label: `boot-${n}`, sizeMiB: 384 }, { label: `root-${n}` });
      const disk = { device, partitions: parts, wipeTable: true };
      rts.addFromCommonSource(['boot_device', 'mirror', 'devices', i], ['storage', 'disks', disks.length], disk);
      disks.push(disk);
      if (efi) {
        const fs = {
          device: `/dev/disk/by-partlabel/esp-${n}`,
          format: 'vfat',
          label: `esp-${n}`,
          wipeFilesystem: true,
        };
        rts.addFromCommonSource(
          ['boot_device', 'mirror', 'devices', i],
          ['storage', 'filesystems', filesystems.length],
          fs,
        );
        filesystems.push(fs);
      }
    });
    rts.add(['boot_device', 'mirror', 'devices'], ['storage', 'disks']);
    const raidDevices = (prefix: string): string[] => disks.map((_, i) => `/dev/disk/by-partlabel/${prefix}-${i + 1}`);
    storage.raid = [
      { devices: raidDevices('boot'), level: 'raid1', name: 'md-boot', options: ['--metadata=1.0'] },
      { devices: raidDevices('root'), level: 'raid1', name: 'md-root' },
    ];
    rts.addFromCommonSource(['boot_device', 'mirror'], ['storage', 'raid'], storage.raid);
    const bootFs = { device: '/dev/md/md-boot', format: 'ext4', label: 'boot', wipeFilesystem: true };
    rts.addFromCommonSource(['boot_device', 'mirror'], ['storage', 'filesystems', filesystems.length], bootFs);
    filesystems.push(bootFs);
  }
  if (wantLuks) {
    let device = '/dev/disk/by-partlabel/root';
    if (layout === 's390x-eckd') device = `${String(luks.device ?? '')}2`;
    else if (layout === 's390x-zfcp') device = `${String(luks.device ?? '')}4`;
    else if (wantMirror) device = '/dev/md/md-root';
    const entry: Rec = { device, label: 'luks-root', name: 'root', wipeVolume: true };
    if (luks.discard !== undefined) entry.discard = luks.discard;
    const lpath: JsonPath = ['boot_device', 'luks'];
    const rpath: JsonPath = ['storage', 'luks', 0];
    if (cex) {
      entry.cex = { enabled: true };
      rts.add([...lpath, 'cex', 'enabled'], [...rpath, 'cex', 'enabled']);
      rts.add(lpath, [...rpath, 'cex']);
    } else {
      const clevis: Rec = {};
      if (luks.tang !== undefined) {
        clevis.tang = list(luks.tang).map((t, i) => {
          const out: Rec = {};
          for (const [k, v] of Object.entries(obj(t))) {
            if (v === undefined) continue;
            out[k] = v;
            rts.add([...lpath, 'tang', i, snake(k)], [...rpath, 'clevis', 'tang', i, k]);
          }
          rts.add([...lpath, 'tang', i], [...rpath, 'clevis', 'tang', i]);
          return out;
        });
        rts.add([...lpath, 'tang'], [...rpath, 'clevis', 'tang']);
      }
      if (luks.threshold !== undefined) {
        clevis.threshold = luks.threshold;
        rts.add([...lpath, 'threshold'], [...rpath, 'clevis', 'threshold']);
      }
      if (luks.tpm2 !== undefined) {
        clevis.tpm2 = luks.tpm2;
        rts.add([...lpath, 'tpm2'], [...rpath, 'clevis', 'tpm2']);
      }
      entry.clevis = clevis;
      rts.add(lpath, [...rpath, 'clevis']);
    }
    if (luks.discard !== undefined) rts.add([...lpath, 'discard'], [...rpath, 'discard']);
    for (const f of ['device', 'label', 'name', 'wipeVolume']) rts.add(lpath, [...rpath, f]);
    rts.add(lpath, rpath);
    rts.add(lpath, ['storage', 'luks']);
    storage.luks = [entry];
  }
  const rootFs = {
    device: wantLuks ? '/dev/mapper/root' : '/dev/md/md-root',
    format: 'xfs',
    label: 'root',
    wipeFilesystem: true,
  };
  rts.addFromCommonSource(['boot_device'], ['storage', 'filesystems', filesystems.length], rootFs);
  rts.add(['boot_device'], ['storage', 'filesystems']);
  filesystems.push(rootFs);
  if (disks.length > 0) storage.disks = disks;
  storage.filesystems = filesystems;
  rts.add(['boot_device'], ['storage']);
  return mergeTranslated({ storage }, rts, config, ts);
}

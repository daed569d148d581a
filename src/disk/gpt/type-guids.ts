/**
 * GPT partition type GUIDs: the one home of the types Hull knows, their names
 * as `hull disk show` prints them and as cgpt prints them (Debian's cgpt and
 * Flatcar's seismograph agree on these), and cgpt's `-t` words. Pure.
 */
import { isGuid, ZERO_GUID } from './guid.js';

export const TYPE_GUIDS = {
  efi: 'c12a7328-f81f-11d2-ba4b-00a0c93ec93b',
  biosBoot: '21686148-6449-6e6f-744e-656564454649',
  /** Flatcar's USR-A/USR-B (CoreOS "rootfs"), the A/B slots gptprio reads. */
  usr: '5dfbf5f4-2848-4bac-aa5e-0d9a20b745a6',
  resize: '3884dd41-8582-4404-b9a8-e9b84f2df50e',
  reserved: 'c95dc21a-df0e-4340-8d7b-26cbfa9a03e0',
  rootRaid: 'be9067b9-ea49-4f15-b4f6-f36f8c9e1818',
  linuxData: '0fc63daf-8483-4772-8e79-3d69d8477de4',
  linuxSwap: '0657fd6d-a4ab-43c4-84e5-0933c84b4f4f',
  linuxRaid: 'a19d880f-05fc-4d3b-a006-743f0f84911e',
  linuxLvm: 'e6d6d379-f507-44c2-a23c-238f2a3df928',
  basicData: 'ebd0a0a2-b9e5-4433-87c0-68b6b72699c7',
  chromeosKernel: 'fe3a2a5d-4f32-41a7-b725-accc3285a309',
  chromeosFirmware: 'cab6e88e-abf3-4102-a07a-d4bb9be3c1d3',
  chromeosRootfs: '3cb8e202-3b7e-47dd-8a3c-7ff2a13cfcec',
  chromeosReserved: '2e0a753d-9e48-43b0-8337-b15192cb1b5e',
} as const;

export const USR_TYPE_GUID = TYPE_GUIDS.usr;

/** Per known type: the name `hull disk show` prints, and cgpt's where cgpt names it. */
const NAMES: Readonly<Record<string, { readonly human?: string; readonly cgpt?: string }>> = {
  [TYPE_GUIDS.efi]: { human: 'EFI system', cgpt: 'EFI System Partition' },
  [TYPE_GUIDS.biosBoot]: { human: 'BIOS boot' },
  [TYPE_GUIDS.usr]: { human: '/usr slot (A/B)', cgpt: 'CoreOS rootfs' },
  [TYPE_GUIDS.resize]: { human: 'root (auto-resize)', cgpt: 'CoreOS auto-resize' },
  [TYPE_GUIDS.reserved]: { human: 'Flatcar reserved', cgpt: 'CoreOS reserved' },
  [TYPE_GUIDS.rootRaid]: { human: 'root on RAID', cgpt: 'CoreOS RAID containing root' },
  [TYPE_GUIDS.linuxData]: { human: 'Linux data', cgpt: 'Linux data' },
  [TYPE_GUIDS.linuxSwap]: { human: 'Linux swap' },
  [TYPE_GUIDS.linuxRaid]: { human: 'Linux RAID' },
  [TYPE_GUIDS.linuxLvm]: { human: 'Linux LVM' },
  [TYPE_GUIDS.basicData]: { human: 'Basic data' },
  [TYPE_GUIDS.chromeosKernel]: { cgpt: 'ChromeOS kernel' },
  [TYPE_GUIDS.chromeosFirmware]: { cgpt: 'ChromeOS firmware' },
  [TYPE_GUIDS.chromeosRootfs]: { cgpt: 'ChromeOS rootfs' },
  [TYPE_GUIDS.chromeosReserved]: { cgpt: 'ChromeOS reserved' },
  [ZERO_GUID]: { cgpt: 'Unused (nonexistent) partition' },
};

/** A partition type's name for `hull disk show`, or its GUID when Hull does not name it. */
export const typeName = (guid: string): string => NAMES[guid]?.human ?? guid;

/** A partition type as cgpt prints it: its name, else the GUID in capitals. */
export const cgptTypeName = (guid: string): string => NAMES[guid]?.cgpt ?? guid.toUpperCase();

/** The words `cgpt add -t` and `cgpt find -t` take for a type (besides a GUID). */
export const TYPE_ALIASES: Readonly<Record<string, string>> = {
  'coreos-usr': TYPE_GUIDS.usr,
  'coreos-rootfs': TYPE_GUIDS.usr,
  'flatcar-usr': TYPE_GUIDS.usr,
  'flatcar-rootfs': TYPE_GUIDS.usr,
  'coreos-resize': TYPE_GUIDS.resize,
  'flatcar-resize': TYPE_GUIDS.resize,
  'coreos-reserved': TYPE_GUIDS.reserved,
  'flatcar-reserved': TYPE_GUIDS.reserved,
  'coreos-root-raid': TYPE_GUIDS.rootRaid,
  efi: TYPE_GUIDS.efi,
  data: TYPE_GUIDS.linuxData,
};

/** A type given as a cgpt word or a GUID (any case), as a lowercase GUID; undefined when it is neither. */
export function typeGuidOf(text: string): string | undefined {
  const g = TYPE_ALIASES[text.toLowerCase()] ?? text.toLowerCase();
  return isGuid(g) ? g : undefined;
}

/** What differs between 3.x spec versions in the semantic rules. Each version folder states its own. */
export interface V3Features {
  /** The version string the config must carry, e.g. '3.0.0'. */
  readonly version: string;
  /** verification.hash functions: 3.0 sha512; 3.1+ also sha256. */
  readonly hashes: readonly string[];
  /** URL schemes of sources: http, https, tftp, s3, data; gs from 3.2; arn from 3.4. */
  readonly schemes: readonly string[];
  /** 3.0 has ConfigReference/CaReference (source may be empty); 3.1+ Resource (merge and CAs require a source). */
  readonly requiredSources: boolean;
  /** Filesystem formats: ext4, btrfs, xfs, swap, vfat; none from 3.3. */
  readonly formats: readonly string[];
  /** 3.3+: raid level optional in the schema, so a missing one is `raid level is required`. */
  readonly raidLevelRequiredCheck: boolean;
  /** 3.3+: link target optional in the schema, so a missing one is `link target is required`. */
  readonly linkTargetRequiredCheck: boolean;
  /** 3.2: clevis.custom is a pointer; 3.3+: a struct of optional fields. */
  readonly clevisCustom: 'none' | 'pointer' | 'struct';
  /** 3.2 to 3.5 accept only the tpm2, tang and sss custom pins. */
  readonly clevisPinCheck: boolean;
  /** 3.4+: tang advertisement must be JSON. */
  readonly tangAdvertisement: boolean;
  /** 3.5+: luks cex. */
  readonly cex: boolean;
  /** 3.0 to 3.5 warn about setuid/setgid/sticky bits (3.6 applies them). */
  readonly modeSpecialBitsWarning: boolean;
}

const BASE_SCHEMES = ['http', 'https', 'tftp', 's3', 'data'];
const BASE_FORMATS = ['ext4', 'btrfs', 'xfs', 'swap', 'vfat'];

export const V3_0: V3Features = {
  version: '3.0.0',
  hashes: ['sha512'],
  schemes: BASE_SCHEMES,
  requiredSources: false,
  formats: BASE_FORMATS,
  raidLevelRequiredCheck: false,
  linkTargetRequiredCheck: false,
  clevisCustom: 'none',
  clevisPinCheck: false,
  tangAdvertisement: false,
  cex: false,
  modeSpecialBitsWarning: true,
};
export const V3_1: V3Features = { ...V3_0, version: '3.1.0', hashes: ['sha512', 'sha256'], requiredSources: true };
export const V3_2: V3Features = {
  ...V3_1,
  version: '3.2.0',
  schemes: [...BASE_SCHEMES, 'gs'],
  clevisCustom: 'pointer',
  clevisPinCheck: true,
};
export const V3_3: V3Features = {
  ...V3_2,
  version: '3.3.0',
  formats: [...BASE_FORMATS, 'none'],
  raidLevelRequiredCheck: true,
  linkTargetRequiredCheck: true,
  clevisCustom: 'struct',
};
export const V3_4: V3Features = {
  ...V3_3,
  version: '3.4.0',
  schemes: [...V3_2.schemes, 'arn'],
  tangAdvertisement: true,
};
export const V3_5: V3Features = { ...V3_4, version: '3.5.0', cex: true };
export const V3_6: V3Features = { ...V3_5, version: '3.6.0', clevisPinCheck: false, modeSpecialBitsWarning: false };

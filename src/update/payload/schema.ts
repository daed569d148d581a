import protobuf from 'protobufjs/light.js';

/**
 * The protobuf messages of a CrAU v1 payload, built with protobufjs's
 * reflection API (no .proto file, no code generation). Only what Hull reads
 * or writes is declared; unknown fields are skipped when decoding. Field
 * numbers and wire types are those of update_engine's `update_metadata.proto`
 * (proto2, package `chromeos_update_engine`), so the bytes interoperate.
 */
const { Root, Type, Field, Enum } = protobuf;

const root = new Root();
const pkg = root.define('chromeos_update_engine');

pkg.add(new Enum('OperationKind', { REPLACE: 0, REPLACE_BZ: 1, MOVE: 2, BSDIFF: 3 }));
pkg.add(new Enum('ProcedureKind', { KERNEL: 0, PCR_POLICY: 1 }));

pkg.add(new Type('Extent').add(new Field('start_block', 1, 'uint64')).add(new Field('num_blocks', 2, 'uint64')));

pkg.add(
  new Type('InstallOperation')
    .add(new Field('type', 1, 'OperationKind', 'required'))
    .add(new Field('data_offset', 2, 'uint32'))
    .add(new Field('data_length', 3, 'uint32'))
    .add(new Field('src_extents', 4, 'Extent', 'repeated'))
    .add(new Field('src_length', 5, 'uint64'))
    .add(new Field('dst_extents', 6, 'Extent', 'repeated'))
    .add(new Field('dst_length', 7, 'uint64'))
    .add(new Field('data_sha256_hash', 8, 'bytes')),
);

pkg.add(new Type('InstallInfo').add(new Field('size', 1, 'uint64')).add(new Field('hash', 2, 'bytes')));

pkg.add(
  new Type('InstallProcedure')
    .add(new Field('type', 1, 'ProcedureKind'))
    .add(new Field('operations', 2, 'InstallOperation', 'repeated'))
    .add(new Field('old_info', 3, 'InstallInfo'))
    .add(new Field('new_info', 4, 'InstallInfo')),
);

pkg.add(
  new Type('DeltaArchiveManifest')
    .add(new Field('partition_operations', 1, 'InstallOperation', 'repeated'))
    .add(new Field('noop_operations', 2, 'InstallOperation', 'repeated'))
    .add(new Field('block_size', 3, 'uint32'))
    .add(new Field('signatures_offset', 4, 'uint64'))
    .add(new Field('signatures_size', 5, 'uint64'))
    .add(new Field('old_partition_info', 8, 'InstallInfo'))
    .add(new Field('new_partition_info', 9, 'InstallInfo'))
    .add(new Field('procedures', 10, 'InstallProcedure', 'repeated')),
);

pkg.add(new Type('Signature').add(new Field('version', 1, 'uint32')).add(new Field('data', 2, 'bytes')));
pkg.add(new Type('Signatures').add(new Field('signatures', 1, 'Signature', 'repeated')));

root.resolveAll();

export const ManifestType = root.lookupType('chromeos_update_engine.DeltaArchiveManifest');
export const SignaturesType = root.lookupType('chromeos_update_engine.Signatures');

import { constants, createPrivateKey, privateEncrypt, type KeyObject } from 'node:crypto';
import { AppError } from '../../core/index.js';
import type { PayloadSigner } from '../../update/index.js';

/** The DER DigestInfo prefix of a SHA-256 digest in a PKCS#1 v1.5 signature (RFC 8017 §9.2). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * A payload signer from an RSA private key in PEM (PKCS#1 or PKCS#8, not
 * encrypted): RSASSA-PKCS1-v1_5 over the SHA-256 digest the builder computed
 * while streaming, as Flatcar's signer does (`openssl pkeyutl -sign -pkeyopt
 * digest:sha256`): the DigestInfo padded and raised to the private exponent.
 * Anything else (a public key, another key type, not PEM) is INPUT_INVALID
 * naming `name`.
 */
export function rsaPayloadSigner(pem: string, name: string): PayloadSigner {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (e) {
    const publicToo = /-----BEGIN (RSA )?PUBLIC KEY-----/.test(pem);
    const why = publicToo
      ? 'it is a public key; --key takes the private key (the public half goes to the machines and to hull payload verify --pubkey)'
      : `not a PEM private key (${e instanceof Error ? e.message.replace(/^error:[^:]*:[^:]*:[^:]*:/, '') : String(e)})`;
    throw new AppError('INPUT_INVALID', `--key ${name}: ${why}`);
  }
  if (key.asymmetricKeyType !== 'rsa')
    throw new AppError(
      'INPUT_INVALID',
      `--key ${name}: a ${key.asymmetricKeyType ?? 'non-RSA'} key; update_engine checks RSA (PKCS#1 v1.5, SHA-256) signatures only`,
    );
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 1024)
    throw new AppError(
      'INPUT_INVALID',
      `--key ${name}: an RSA key of ${bits} bits is too small to sign a SHA-256 DigestInfo`,
    );
  return {
    signatureSize: Math.ceil(bits / 8),
    sign(digest) {
      return new Uint8Array(
        privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, digest])),
      );
    },
  };
}

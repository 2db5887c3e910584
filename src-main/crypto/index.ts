// Public face of Lifeboat's age (age-encryption.org/v1) implementation; other layers import only this.
export {
  generateIdentity,
  isIdentity,
  isRecipient,
  parseIdentities,
  parseRecipient,
  recipientFromIdentity,
} from './age-keys';
export {
  type AgeDecryptOptions,
  type AgeEncryptOptions,
  createDecryptStream,
  createEncryptStream,
  decryptBuffer,
  encryptBuffer,
  readAgeRecipientsInfo,
} from './age-stream';
export { DEFAULT_SCRYPT_WORK_FACTOR, MAX_SCRYPT_WORK_FACTOR } from './age-header';
export { describeRecipientKinds } from './age-unwrap';
export { measureAgeThroughput } from './age-throughput';

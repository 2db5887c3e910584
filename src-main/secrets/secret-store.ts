// Where secrets live: the OS keychain on a desktop; on a headless server, environment
// variables or a 0600 file the admin points to. Nothing else in Lifeboat stores a secret.

export interface SecretStore {
  /** Human description for messages, e.g. "the OS keychain (Secret Service)". */
  readonly description: string;
  /** False for read-only stores (environment, admin-provided file). */
  readonly writable: boolean;
  get(ref: string): Promise<string | undefined>;
  set(ref: string, value: string): Promise<void>;
  delete(ref: string): Promise<boolean>;
}

/** Names of the secrets Lifeboat keeps, so every caller spells them the same way. */
export const secretRefs = {
  destinationSecret: (destination: string) => `destination/${destination}/secret-access-key`,
  jobPassword: (job: string) => `job/${job}/database-password`,
  jobPassphrase: (job: string) => `job/${job}/passphrase`,
  identity: (recipient: string) => `identity/${recipient}`,
  /** SMTP password, or the webhook/ping URL (it embeds a token). */
  channelSecret: (channel: string) => `channel/${channel}/secret`,
};

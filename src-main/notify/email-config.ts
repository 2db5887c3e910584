// The email channel's settings (no secrets: the SMTP password lives in the keychain). Kept apart
// from the channel so reading saved channels does not load the mail library.
import { z } from 'zod';

export const emailConfigSchema = z.object({
  host: z.string().min(1).regex(/^[^\s/:]+$/, 'a server name without spaces, slashes or a port'),
  port: z.number().int().min(1).max(65535),
  /** tls: TLS from the start (usually port 465); starttls: STARTTLS, required (usually 587). */
  security: z.enum(['tls', 'starttls']),
  /** Omit for servers that take mail without a login (rare outside a company network). */
  user: z.string().min(1).optional(),
  from: z.email(),
  to: z.array(z.email()).min(1).max(50),
});

export type EmailConfig = z.infer<typeof emailConfigSchema>;

// Error codes for notification failures. Dedicated codes are proposed for src-shared
// (NOTIFY_FAILED 'The notification could not be sent', NOTIFY_AUTH_FAILED 'The notification
// service rejected the login'); until they exist, the nearest existing codes stand in here.
import type { ErrorCode } from '../../src-shared/errors';

/** Connection refused, DNS, timeout, TLS handshake. */
export const NOTIFY_UNREACHABLE: ErrorCode = 'DEST_UNREACHABLE';
/** SMTP login refused, webhook 401/403. */
export const NOTIFY_AUTH_FAILED: ErrorCode = 'DEST_AUTH_FAILED';
/** Reached and logged in, but the service refused or failed to take the message. */
export const NOTIFY_FAILED: ErrorCode = 'DEST_FAILED';
/** The channel's settings are wrong (bad address, deleted webhook). */
export const NOTIFY_BAD_CONFIG: ErrorCode = 'BAD_INPUT';

// Notifications: events, their wording, the channels that carry them, rules, digests and alerts.
export * from './alerts';
export * from './backup-events';
export * from './channel';
export * from './desktop-channel';
export * from './digest';
export * from './email-channel';
export * from './events';
export * from './healthcheck-channel';
export * from './messages';
export * from './notifier';
export * from './rules';
export * from './send-test';
export * from './webhook-channel';
export * from './webhook-payloads';

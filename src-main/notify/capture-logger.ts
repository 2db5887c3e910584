// A Logger for tests that keeps every line, unmasked, so tests prove our code never logs a
// secret in the first place (the real logger's masking is only a second line of defence).
import type { LogFields, Logger } from '../log';

export interface CapturedLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  scope: string;
  message: string;
  fields: LogFields;
}

export function captureLogger(lines: CapturedLine[] = [], scope = ''): Logger & { lines: CapturedLine[] } {
  const write = (level: CapturedLine['level']) => (message: string, fields: LogFields = {}) => void lines.push({ level, scope, message, fields });
  return {
    lines,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    scope: (name) => captureLogger(lines, scope ? `${scope}.${name}` : name),
  };
}

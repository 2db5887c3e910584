// Structured, scoped logging as JSON lines. Callers never pass secrets; as a second line of
// defence, anything that looks like a URL password or an age identity is masked.
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  scope(name: string): Logger;
}

const MAX_LOG_BYTES = 5 * 1024 * 1024;

export function maskSecrets(text: string): string {
  return text
    .replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@')
    .replace(/AGE-SECRET-KEY-1[0-9A-Z]+/g, 'AGE-SECRET-KEY-1***');
}

type Sink = (line: string) => void;

class ScopedLogger implements Logger {
  constructor(private readonly sink: Sink, private readonly scopeName: string) {}
  debug(message: string, fields?: LogFields): void {
    this.write('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.write('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.write('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.write('error', message, fields);
  }
  scope(name: string): Logger {
    return new ScopedLogger(this.sink, this.scopeName ? `${this.scopeName}.${name}` : name);
  }
  private write(level: LogLevel, message: string, fields?: LogFields): void {
    const entry = { time: new Date().toISOString(), level, scope: this.scopeName, message, ...fields };
    this.sink(maskSecrets(JSON.stringify(entry)));
  }
}

/** Appends to `<dir>/lifeboat.log`, rotating to lifeboat.log.1 past 5 MB. */
export function fileLogger(dir: string): Logger {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'lifeboat.log');
  return new ScopedLogger((line) => {
    try {
      if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_LOG_BYTES) renameSync(file, `${file}.1`);
      appendFileSync(file, line + '\n', { mode: 0o600 });
    } catch {
      // Logging must never break a backup.
    }
  }, '');
}

export const silentLogger: Logger = new ScopedLogger(() => undefined, '');

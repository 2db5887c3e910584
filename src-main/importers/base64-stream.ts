// Streaming base64 decoding that refuses anything but base64 (either alphabet) and whitespace:
// Buffer.from(…, 'base64') silently skips garbage, which would hide a damaged file.
import { Transform, type TransformCallback } from 'node:stream';
import { LifeboatError } from '../../src-shared/errors';

const VALID = /^[A-Za-z0-9+/_\-=\s]*$/;

export class Base64Decode extends Transform {
  private carry = '';
  private sawPadding = false;

  constructor(private readonly what: string) {
    super({ highWaterMark: 1024 * 1024 });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const text = chunk.toString('latin1');
    if (!VALID.test(text)) return done(this.invalid());
    const compact = this.carry + text.replace(/\s+/g, '');
    if (this.sawPadding && compact.length > 0) return done(this.invalid());
    const usable = compact.length - (compact.length % 4);
    const body = compact.slice(0, usable);
    this.carry = compact.slice(usable);
    if (body.length === 0) return done();
    const padAt = body.indexOf('=');
    if (padAt !== -1 && padAt < body.length - 2) return done(this.invalid());
    if (padAt !== -1) this.sawPadding = true;
    done(null, Buffer.from(body, 'base64'));
  }

  override _flush(done: TransformCallback): void {
    if (this.carry.length === 1) return done(this.invalid('it ends in the middle of a base64 group (truncated?)'));
    if (this.carry.length > 0) return done(null, Buffer.from(this.carry, 'base64'));
    done();
  }

  private invalid(why = 'it contains characters that are not base64'): LifeboatError {
    return new LifeboatError('HASH_MISMATCH', `The ${this.what} is damaged: ${why}.`, {
      fix: 'Use another copy of this file.',
    });
  }
}

// Shared fixtures for the crypto tests: a fixed age-keygen key pair, and assertions that an
// error has the expected code and leaks no secret into its message or fix.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Transform } from 'node:stream';
import { expect } from 'vitest';
import { LifeboatError, type ErrorCode } from '../../src-shared/errors';

/** Made by `age-keygen` (a throwaway test key), so parsing is checked against the real tool. */
export const KEYGEN_IDENTITY = 'AGE-SECRET-KEY-1STCJ46J92ESZXLM9QA89MZJTXF52TUSXE24DWHK09UHPY04V56JS9R7KJZ';
export const KEYGEN_RECIPIENT = 'age1aq4y6sgnjmw688d9hp48frztdrlpmqlhsrnf92emq9hrueeccapqxmfjx8';

/** `printf 'Lifeboat age known-answer vector\n' | age -r KEYGEN_RECIPIENT | base64` (age 1.1.1). */
export const KAT_PLAINTEXT = 'Lifeboat age known-answer vector\n';
export const KAT_CIPHERTEXT = Buffer.from(
  'YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBYNTZRRGRzSGVrY09QTitKWUpVbXZnTkw3N3lxTXVLdkJrRmtwQnpieEZNCk5TUVJ1YXdpTDBsTXZmRzJlRHRNeHJsbHpObTcveHJtc2lsT1BCcHliVmsKLS0tIDJmL0d3Vm1kMWtnYjk4K21Ua0d5alJGZitqdEo0SkVRUTc0VENhTzNtQXcKHLExBX8hEFjIl73c2xw/l9dgLOP3aa8e718wrvxqgByStYbraCSXQOtaixw1rvIt98BijUhBIbtcjHpnA5tD1J0=',
  'base64',
);

/** Plaintext whose every 4-byte word differs, so misplaced or duplicated chunks cannot compare equal. */
export function patterned(size: number, seed = 1): Buffer {
  const buf = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i + 4 <= size; i += 4) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    buf.writeUInt32LE(x, i);
  }
  for (let i = size - (size % 4); i < size; i++) buf[i] = i & 0xff;
  return buf;
}

/** Asserts a LifeboatError with `code`, a non-empty fix, and none of `secrets` in message, fix or details. */
export function expectLifeboatError(error: unknown, code: ErrorCode, secrets: readonly string[] = []): LifeboatError {
  expect(error).toBeInstanceOf(LifeboatError);
  const e = error as LifeboatError;
  expect({ code: e.code, message: e.message }).toMatchObject({ code });
  expect(e.message.length).toBeGreaterThan(10);
  expect(e.fix ?? '').not.toBe('');
  const text = `${e.message} ${e.fix ?? ''} ${JSON.stringify(e.details ?? {})}`;
  for (const secret of secrets) expect(text).not.toContain(secret);
  return e;
}

export async function rejectsWith(promise: Promise<unknown>, code: ErrorCode, secrets: readonly string[] = []): Promise<LifeboatError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  if (caught === undefined) throw new Error(`expected a ${code} error, but the operation succeeded`);
  return expectLifeboatError(caught, code, secrets);
}

export function throwsWith(fn: () => unknown, code: ErrorCode, secrets: readonly string[] = []): LifeboatError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  if (caught === undefined) throw new Error(`expected a ${code} error, but the call succeeded`);
  return expectLifeboatError(caught, code, secrets);
}

/** Feeds `pieces` through a transform; returns what came out, and the error if the stream failed. */
export async function runPieces(transform: Transform, pieces: Buffer[]): Promise<{ output: Buffer; error: unknown }> {
  const out: Buffer[] = [];
  let error: unknown;
  try {
    await pipeline(Readable.from(pieces), transform, async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) out.push(chunk);
    });
  } catch (e) {
    error = e;
  }
  return { output: Buffer.concat(out), error };
}

/** Splits a buffer into pieces of the given sizes (cycled), to exercise chunk boundaries. */
export function split(buf: Buffer, sizes: readonly number[]): Buffer[] {
  const pieces: Buffer[] = [];
  let i = 0;
  for (let off = 0; off < buf.length; i++) {
    const n = Math.max(1, sizes[i % sizes.length] ?? 1);
    pieces.push(buf.subarray(off, off + n));
    off += n;
  }
  return pieces;
}

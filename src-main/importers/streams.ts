// Small stream helpers for the importers: look at the first bytes of a stream without losing
// them, and describe one decoding stage (its output, when it is finished, how to stop it).
import { PassThrough, Readable, Writable, type Duplex } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { LifeboatError } from '../../src-shared/errors';

/** One decoding step: `stream` is its output; `done` settles when it has consumed all its input (and any child process has exited). */
export interface Stage {
  stream: Readable;
  done: Promise<void>;
  kill?: () => void;
}

/**
 * Input → transform(s). The stage's output carries the explained error (a zlib "unexpected end
 * of file" becomes "X is truncated …"), so whoever reads it learns the cause, not a symptom.
 */
export function transformStage(input: Readable, transforms: Duplex | Duplex[], explain: (error: unknown) => Error): Stage {
  const chain = Array.isArray(transforms) ? transforms : [transforms];
  const last = chain[chain.length - 1];
  if (!last) throw new Error('transformStage needs a transform');
  const out = new PassThrough({ highWaterMark: 1024 * 1024 });
  out.on('error', () => undefined); // readers get it through their own listeners; `done` reports it regardless
  // pipeline() settles when the last transform has taken all its input; zlib reports a cut-short
  // stream only after that, so the last transform's own end is awaited too.
  last.on('error', () => undefined); // reported through `done`
  const fed = (pipeline as (...streams: Array<Readable | Duplex>) => Promise<void>)(input, ...chain);
  const done = Promise.allSettled([fed, finished(last)]).then((results) => {
    const errors = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
    if (errors.length === 0) return;
    const error = errors.find((e) => !isKnockOn(e)) ?? errors[0];
    const explained = isKnockOn(error) ? error : explain(error);
    out.destroy(explained as Error);
    throw explained;
  });
  done.catch(() => undefined);
  last.pipe(out);
  // The reader went away early: stop this stage too, so nothing waits on a full buffer forever.
  out.on('close', () => {
    if (!out.writableFinished) last.destroy();
  });
  return { stream: out, done };
}

/**
 * Reads up to `n` bytes from `source` and returns them with a stream that yields everything,
 * from the first byte; `whole` says the head is all there is. Errors of `source` reject here (when they come before `n` bytes) or
 * come out of the returned stream.
 */
export async function peek(source: Readable, n: number): Promise<{ head: Buffer; stream: Readable; whole: boolean }> {
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let total = 0;
  let ended = false;
  while (total < n) {
    const next = await it.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    chunks.push(chunk);
    total += chunk.length;
  }
  const buffered = Buffer.concat(chunks);
  async function* replay(): AsyncGenerator<Buffer> {
    let completed = false;
    try {
      if (buffered.length > 0) yield buffered;
      if (!ended) {
        for (;;) {
          const next = await it.next();
          if (next.done) break;
          yield next.value;
        }
      }
      completed = true;
    } finally {
      // Stopped early (the consumer went away): stop reading the source too.
      if (!completed) await it.return?.();
    }
  }
  const stream = Readable.from(replay(), { objectMode: false, highWaterMark: 1024 * 1024 });
  return { head: buffered.subarray(0, n), stream, whole: ended && buffered.length <= n };
}

/** Reads a stream to its end, discarding the bytes. */
export async function drain(stream: Readable): Promise<void> {
  for await (const chunk of stream) void chunk;
}

/** Errors a stage gets because another stage stopped (a closed pipe, a destroyed stream): never the cause. */
export function isKnockOn(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ABORT_ERR' || code === 'ECONNRESET';
}

/**
 * Waits for every stage and reports the most telling failure: a LifeboatError (a decoder saying
 * what is wrong) before anything else, the outermost first — when the file cannot be decrypted,
 * what the decompressor says about the noise is beside the point.
 */
export async function settleMostTelling(stages: Array<Promise<unknown>>, onFirstFailure?: () => void): Promise<void> {
  let stopped = false;
  const results = await Promise.allSettled(
    stages.map((stage) =>
      stage.catch((error: unknown) => {
        if (!stopped) {
          stopped = true;
          onFirstFailure?.();
        }
        throw error;
      }),
    ),
  );
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
  if (failures.length === 0) return;
  throw mostTelling(failures);
}

export function mostTelling(failures: unknown[]): unknown {
  return failures.find((f) => f instanceof LifeboatError && f.code !== 'CANCELLED') ?? failures.find((f) => f instanceof LifeboatError) ?? failures.find((f) => !isKnockOn(f)) ?? failures[0];
}

/** Writes every chunk to each output, at the pace of the slowest; any output's error fails it. */
export class Tee extends Writable {
  constructor(private readonly outputs: Writable[]) {
    super({ highWaterMark: 1024 * 1024 });
    for (const output of outputs) output.on('error', (error) => this.destroy(error));
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    const waits: Array<Promise<void>> = [];
    for (const output of this.outputs) {
      if (output.destroyed) return done(Object.assign(new Error('write after the reader went away'), { code: 'EPIPE' }));
      if (!output.write(chunk)) {
        waits.push(
          new Promise<void>((resolve) => {
            const settle = () => {
              output.off('drain', settle);
              output.off('close', settle);
              resolve();
            };
            output.on('drain', settle);
            output.on('close', settle);
          }),
        );
      }
    }
    if (waits.length === 0) done();
    else void Promise.all(waits).then(() => done());
  }

  override _final(done: (error?: Error | null) => void): void {
    for (const output of this.outputs) output.end();
    done();
  }
}

// Child process for the concurrency test: appends COUNT numbered entries as WRITER once the parent
// says "go" on stdin, so two writers loaded at different speeds still overlap. Run with `node --import tsx`.
import { AuditLog } from './audit-log';

const [dataDir, writer, count, maxBytes, keepFiles] = process.argv.slice(2);
const log = new AuditLog({ dataDir: dataDir!, maxBytes: Number(maxBytes), keepFiles: Number(keepFiles) });
// A long line makes a torn or interleaved write visible as a JSON error.
const padding = 'x'.repeat(3000);
const pause = new Int32Array(new SharedArrayBuffer(4));

process.stdin.once('data', () => {
  let failed = 0;
  for (let i = 0; i < Number(count); i++) {
    if (!log.append({ event: 'backup_verify', status: 'success', details: `${writer} ${i} ${padding}`, job: writer! })) failed++;
    // Bursts with short sleeps: on a busy two-core machine one writer could otherwise finish
    // inside a single time slice, before the other is even scheduled.
    if (i % 25 === 24) Atomics.wait(pause, 0, 0, 2);
  }
  process.exitCode = failed === 0 ? 0 : 1;
  process.stdin.destroy();
});
process.stdout.write('ready\n');

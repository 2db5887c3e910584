// `lifeboat keygen`: a new age identity, written 0600 (never overwriting) or printed.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { LifeboatError } from '../../../../src-shared/errors';
import { generateIdentity } from '../../../crypto';
import { runCommand } from '../context';

export function registerKeygen(program: Command): void {
  program
    .command('keygen')
    .description('create an encryption key pair; prints the public recipient')
    .option('--out <file>', 'write the secret identity to this file (mode 0600)')
    .option('--json', 'print one JSON object')
    .action((flags: { out?: string; json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => {
          const { identity, recipient } = generateIdentity();
          const text = `# created: ${new Date().toISOString()}\n# public key: ${recipient}\n${identity}\n`;
          if (flags.out) {
            try {
              writeFileSync(flags.out, text, { mode: 0o600, flag: 'wx' });
            } catch (error) {
              const code = (error as NodeJS.ErrnoException).code;
              throw new LifeboatError(code === 'EEXIST' ? 'BAD_INPUT' : 'DEST_NOT_WRITABLE', `Cannot write ${flags.out}: ${code === 'EEXIST' ? 'the file exists' : code}.`, {
                fix: code === 'EEXIST' ? 'Choose another file name; an existing key is never overwritten.' : 'Choose a writable location.',
              });
            }
            ctx.audit.append({ event: 'key_created', status: 'info', details: `Key pair created; public key ${recipient}; secret key written to ${flags.out}` });
            return { recipient, file: flags.out };
          }
          // No file: the identity goes to stdout, where the user asked for it.
          return { recipient, identity, text };
        },
        (result) => {
          if ('file' in result) process.stdout.write(`Public key (recipient): ${result.recipient}\nSecret key written to ${result.file}. Keep a copy somewhere safe: without it, backups cannot be read.\n`);
          else process.stdout.write(result.text);
        },
      ),
    );
}

// OpenPGP files (gpg --symmetric, or gpg --encrypt to a key) are decrypted by the `gpg` binary:
// OpenPGP has too many packet and cipher variants to re-implement for an import path.
//
// The passphrase is written to a pipe on file descriptor 3 (--passphrase-fd 3), never in the
// arguments or the environment. Passphrase files use a throwaway GnuPG home, so nothing is
// added to the user's keyring or agent cache; files encrypted to a key use the user's keyring,
// where that secret key lives.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LifeboatError } from '../../src-shared/errors';
import type { GpgPacketInfo } from './detect';
import type { Stage } from './streams';

const STDERR_LIMIT = 64 * 1024;

/** LIFEBOAT_GPG names the binary when it is not `gpg` on the PATH (Gpg4win installs gpg.exe). */
export function gpgBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.LIFEBOAT_GPG || 'gpg';
}

export function gpgStage(input: Readable, info: GpgPacketInfo, passphrase: string | undefined, label: string): Stage {
  if (info.encryption === 'symmetric' && !passphrase) {
    input.destroy();
    throw new LifeboatError('DECRYPT_NO_KEY', `${label} is encrypted with GnuPG using a passphrase (gpg --symmetric); the passphrase is needed to read it.`, {
      fix: 'Put the passphrase in an environment variable and pass its name: --passphrase-env VAR (the runbooks call it GPG_PASSPHRASE).',
    });
  }
  const home = info.encryption === 'symmetric' ? mkdtempSync(path.join(os.tmpdir(), 'lifeboat-gnupg-')) : undefined;
  const args = ['--batch', '--no-tty', '--quiet', '--pinentry-mode', 'loopback'];
  if (home) args.unshift('--homedir', home);
  if (passphrase) args.push('--passphrase-fd', '3');
  args.push('--decrypt');
  const child = spawn(gpgBinary(), args, { stdio: ['pipe', 'pipe', 'pipe', passphrase ? 'pipe' : 'ignore'], shell: false, windowsHide: true });
  const cleanup = () => {
    if (home) rmSync(home, { recursive: true, force: true });
  };
  if (passphrase) {
    const fd3 = child.stdio[3] as Writable;
    fd3.on('error', () => undefined); // gpg exited before reading it: its exit status says why
    fd3.end(`${passphrase}\n`);
  }
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    if (stderr.length < STDERR_LIMIT) stderr += text;
  });
  // gpg's stdout only ends; whether it ended well is in its exit status. The output stream
  // errors when gpg fails, so no reader ever takes a cut-short output for the whole file.
  const output = new PassThrough({ highWaterMark: 1024 * 1024 });
  output.on('error', () => undefined); // readers get it through their own listeners; `done` reports it regardless
  child.stdout!.pipe(output, { end: false });
  child.stdin!.on('error', () => undefined);
  const fed = pipeline(input, child.stdin!).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_PREMATURE_CLOSE') return; // gpg stopped reading: its exit status says why
    throw error;
  });
  const exited = new Promise<void>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      cleanup();
      const failure =
        error.code === 'ENOENT'
          ? new LifeboatError('BAD_INPUT', `${label} is encrypted with GnuPG, and the gpg program was not found (${gpgBinary()}).`, {
              fix: 'Install GnuPG (Debian/Ubuntu: apt install gnupg; macOS: brew install gnupg; Windows: Gpg4win), or set LIFEBOAT_GPG to the gpg program.',
              cause: error,
            })
          : new LifeboatError('BAD_INPUT', `Could not start gpg (${gpgBinary()}): ${error.message}.`, { fix: 'Check the GnuPG installation, or set LIFEBOAT_GPG.', cause: error });
      output.destroy(failure);
      reject(failure);
    });
    child.once('close', (code, signal) => {
      cleanup();
      if (code === 0) {
        output.end();
        return resolve();
      }
      const failure = explainGpg(stderr, label, code, signal);
      output.destroy(failure);
      reject(failure);
    });
  });
  const done = Promise.all([exited, fed]).then(() => undefined);
  done.catch(() => undefined);
  return {
    stream: output,
    done,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

export function explainGpg(stderr: string, label: string, code: number | null, signal: NodeJS.Signals | null): LifeboatError {
  const said = stderr.trim().split('\n').filter((l) => l.trim()).slice(-2).join(' ').replace(/\s+/g, ' ');
  if (/Bad session key|bad passphrase|wrong passphrase/i.test(stderr)) {
    return new LifeboatError('DECRYPT_WRONG_KEY', `The passphrase does not open ${label} (GnuPG: ${said}). Nothing was decrypted.`, {
      fix: 'Check the passphrase (the GPG_PASSPHRASE at the time this file was made).',
    });
  }
  if (/No secret key|secret key not available/i.test(stderr)) {
    return new LifeboatError('DECRYPT_NO_KEY', `${label} is encrypted to a GnuPG key whose secret key is not in this computer's keyring (${said}).`, {
      fix: 'Import the secret key first (gpg --import private.key), or set GNUPGHOME to the keyring that holds it.',
    });
  }
  if (/No passphrase given|cancelled|Operation cancelled/i.test(stderr)) {
    return new LifeboatError('DECRYPT_NO_KEY', `GnuPG needs a passphrase to read ${label} (${said}).`, { fix: 'Pass it with --passphrase-env VAR.' });
  }
  if (/invalid packet|unexpected end|premature|CRC error|Checksum error|decryption failed|packet.*(too long|invalid)|no valid OpenPGP data|MDC|WARNING: encrypted message has been manipulated/i.test(stderr)) {
    return new LifeboatError('HASH_MISMATCH', `${label} is damaged or truncated: GnuPG could not decrypt all of it (${said}).`, { fix: 'Use another copy of this file.' });
  }
  return new LifeboatError('HASH_MISMATCH', `gpg could not decrypt ${label} (${signal ? `stopped by ${signal}` : `exit code ${code}`}${said ? `: ${said}` : ''}).`, {
    fix: 'Read the message above; check the passphrase or key, or use another copy of this file.',
  });
}

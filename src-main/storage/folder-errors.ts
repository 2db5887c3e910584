// Distinguishes "not mounted / missing" from "not writable" from "full" for folder destinations.
import { LifeboatError } from '../../src-shared/errors';

export function explainFolderError(error: NodeJS.ErrnoException, root: string): LifeboatError {
  switch (error.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new LifeboatError('DEST_NOT_FOUND', `The destination folder ${root} does not exist (is the NAS share mounted?).`, {
        fix: 'Mount the share or create the folder, then try again.',
        cause: error,
      });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new LifeboatError('DEST_NOT_WRITABLE', `Lifeboat may not write to ${root} (${error.code === 'EROFS' ? 'read-only file system' : 'permission denied'}).`, {
        fix: 'Give this user write permission on the folder, or mount the share read-write.',
        cause: error,
      });
    case 'ENOSPC':
    case 'EDQUOT':
      return new LifeboatError('DEST_FULL', `The destination ${root} is full.`, {
        fix: 'Free some space there (delete old backups or apply a retention policy) or choose another destination.',
        cause: error,
      });
    default:
      return new LifeboatError('DEST_FAILED', `Writing to ${root} failed: ${error.message}.`, {
        fix: 'Check the disk or network share and try again.',
        cause: error,
      });
  }
}

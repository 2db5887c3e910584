// Rebuilds a Destination from the id stored in the catalog.
import { LifeboatError } from '../../src-shared/errors';
import type { Destination } from './destination';
import { FolderDestination } from './folder-destination';

export function destinationFromId(id: string): Destination {
  if (id.startsWith('folder:')) return new FolderDestination(id.slice('folder:'.length));
  throw new LifeboatError('BAD_INPUT', `Unknown destination "${id}".`, { fix: 'This catalog may come from a newer Lifeboat; update it.' });
}

// Destinations as the UI sees them (no secret), and the catalog id a job's destination entry
// stands for, worked out without touching the keychain or the network.
import type { DestinationView } from '../../src-shared/api';
import type { NamedDestination } from '../catalog/destinations-repo';
import type { LifeboatCore } from '../core';
import { FolderDestination } from '../storage/folder-destination';
import { s3DestinationId } from '../storage/s3-config';

export function destinationIdOfNamed(named: NamedDestination): string {
  return named.kind === 'folder' ? new FolderDestination(named.config.path).id : s3DestinationId(named.config);
}

export function destinationView(named: NamedDestination): DestinationView {
  if (named.kind === 'folder') {
    return { name: named.name, kind: 'folder', where: named.config.path, id: destinationIdOfNamed(named), objectLockDays: null };
  }
  const c = named.config;
  return {
    name: named.name,
    kind: 's3',
    where: `${c.endpoint ?? `AWS S3 (${c.region})`} · bucket ${c.bucket}${c.prefix ? ` · ${c.prefix}` : ''}`,
    id: destinationIdOfNamed(named),
    objectLockDays: c.objectLock?.days ?? null,
  };
}

/**
 * A job's destination entry is a saved name or (from the CLI) a folder path. Returns its
 * catalog id, or undefined when it names nothing known.
 */
export function destinationIdOfSpec(core: LifeboatCore, spec: string): string | undefined {
  const named = core.destinations.get(spec);
  if (named) return destinationIdOfNamed(named);
  if (spec.includes('/') || spec.includes('\\') || spec.startsWith('.')) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) return undefined;
    return new FolderDestination(spec).id;
  }
  return undefined;
}

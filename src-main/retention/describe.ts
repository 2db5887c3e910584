// One line for a confirmation dialog or the CLI: what a retention plan deletes and frees.
import { formatBytes } from '../../src-shared/format-bytes';
import type { RetentionPlan } from './types';

export { formatBytes };


const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "these 6 backups will be deleted, freeing 2.1 GB" or "nothing to delete", plus locked copies. */
export function describePlan(plan: RetentionPlan): string {
  const backups = new Set(plan.deletions.map((d) => d.backupId)).size;
  const copies = plan.deletions.length;
  let line = 'nothing to delete';
  if (copies > 0) {
    const subject = backups === 1 ? 'this backup will be deleted' : `these ${backups} backups will be deleted`;
    // Mirrors hold the same backup twice: say so when the copy count differs.
    const copyNote = copies === backups ? '' : ` (${plural(copies, 'copy', 'copies')} in ${plural(new Set(plan.deletions.map((d) => d.destinationId)).size, 'destination', 'destinations')})`;
    line = `${subject}${copyNote}, freeing ${formatBytes(plan.freedBytes)}`;
  }
  if (plan.blocked.length > 0) {
    line += `; ${plural(plan.blocked.length, 'copy stays', 'copies stay')} until ${plan.blocked.length === 1 ? 'its' : 'their'} Object Lock expires`;
  }
  return line;
}

// Recovery kits waiting to be shown: in memory only, each handed out once, and forgotten after
// half an hour even if nobody opened it (the page holds a secret key).
import { newKitId } from './recovery-kit';

const KIT_TTL_MS = 30 * 60_000;

export class RecoveryKits {
  private readonly kits = new Map<string, { html: string; timer: NodeJS.Timeout }>();

  add(html: string): string {
    const id = newKitId();
    const timer = setTimeout(() => this.kits.delete(id), KIT_TTL_MS);
    timer.unref?.();
    this.kits.set(id, { html, timer });
    return id;
  }

  take(id: string): string | undefined {
    const kit = this.kits.get(id);
    if (!kit) return undefined;
    clearTimeout(kit.timer);
    this.kits.delete(id);
    return kit.html;
  }

  clear(): void {
    for (const { timer } of this.kits.values()) clearTimeout(timer);
    this.kits.clear();
  }
}

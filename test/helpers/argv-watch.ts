// Records the command line of every process on the machine while a test runs, so a test can
// prove that no secret ever appeared in any process's arguments (Linux /proc).
import { readdirSync, readFileSync } from 'node:fs';

export function watchProcessArgs(intervalMs = 10): { stop: () => string[] } {
  const seen = new Set<string>();
  const sample = () => {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
        if (cmdline) seen.add(cmdline);
      } catch {
        // the process ended between readdir and read
      }
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return [...seen];
    },
  };
}

// Cleanup that runs exactly once: at the end, on failure, or on Ctrl-C / SIGTERM. Steps run
// in reverse order of registration (temp files after the cluster that may write into them).
import { stopAllChildren } from './proc';

type Step = { name: string; fn: () => Promise<void> | void };

const steps: Step[] = [];
let running: Promise<void> | undefined;
let interrupted = false;

export function onCleanup(name: string, fn: () => Promise<void> | void): void {
  steps.push({ name, fn });
}

/** Stops child processes, then runs every registered step (errors are reported, not thrown). */
export function cleanup(): Promise<void> {
  running ??= (async () => {
    await stopAllChildren();
    for (const step of [...steps].reverse()) {
      try {
        await step.fn();
      } catch (error) {
        process.stderr.write(`bench: cleanup step "${step.name}" failed: ${(error as Error).message}\n`);
      }
    }
  })();
  return running;
}

export function wasInterrupted(): boolean {
  return interrupted;
}

/**
 * Ctrl-C, SIGTERM, SIGHUP: stop children, clean up, exit 130. The same Ctrl-C can arrive
 * twice (from the terminal and relayed by tsx), so only a third signal forces an exit.
 */
export function installSignalHandlers(): void {
  let count = 0;
  const handler = (signal: NodeJS.Signals) => {
    count++;
    if (count === 1) {
      interrupted = true;
      process.stderr.write(`\nbench: ${signal} received, stopping and cleaning up…\n`);
      void cleanup().finally(() => process.exit(130));
    } else if (count >= 3) {
      process.stderr.write('bench: exiting without finishing the cleanup.\n');
      process.exit(130);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, handler);
}

// Waits for every stage of a pipeline and reports the most telling failure: when one stage
// breaks, the others fail too (broken pipe, early EOF), and those messages mislead.
// `onFirstFailure` stops the stages that would otherwise wait forever (a child process
// still reading a stdin that nobody will close).
export async function settleStages(stages: Array<Promise<unknown>>, onFirstFailure?: () => void): Promise<void> {
  let stopped = false;
  const watched = stages.map((stage) =>
    stage.catch((error: unknown) => {
      if (!stopped) {
        stopped = true;
        onFirstFailure?.();
      }
      throw error;
    }),
  );
  const results = await Promise.allSettled(watched);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

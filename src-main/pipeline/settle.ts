// Waits for every stage of a pipeline and reports the most telling failure: when one stage
// breaks, the others fail too (broken pipe, early EOF), and those messages mislead.
export async function settleStages(stages: Array<Promise<unknown>>): Promise<void> {
  const results = await Promise.allSettled(stages);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

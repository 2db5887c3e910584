// The guided setup's steps, and which step owns each config field (so an error found at the end
// can send the user back to the right place).
export const FIRST_RUN_STEPS = ['Connect', 'Databases', 'Where to keep copies', 'Encryption', 'Schedule', 'Finish'] as const;

export const STEP = { connect: 0, databases: 1, destinations: 2, encryption: 3, schedule: 4, finish: 5 } as const;

export function stepForField(field: string): number {
  if (field === 'source.databases') return STEP.databases;
  if (field.startsWith('source')) return STEP.connect;
  if (field.startsWith('destinations') || field.startsWith('retention')) return STEP.destinations;
  if (field.startsWith('encryption')) return STEP.encryption;
  if (field.startsWith('schedule')) return STEP.schedule;
  return STEP.finish;
}

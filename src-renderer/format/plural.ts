/** "1 table", "3 tables" (English; the UI is English-only for now). */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

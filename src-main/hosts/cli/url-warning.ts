// A password typed into --db is visible in the process list; say so and where it belongs instead.
export function warnAboutPasswordInUrl(url: string): void {
  if (/^postgres(ql)?:\/\/[^/@]*:[^@/]*@/i.test(url)) {
    process.stderr.write('lifeboat: warning: the password in --db is visible to other users in the process list; use PGPASSWORD or ~/.pgpass instead.\n');
  }
}

// The connection test's warning that the server is newer than every pg_dump Lifeboat found: the
// login works and the databases are listed, but backups would fail until newer tools are installed.
import { Banner } from './Banner';

export function ToolVersionWarning({ warning }: { warning: string | undefined }) {
  if (!warning) return null;
  return (
    <Banner tone="warning" title="Backups of this server will fail until newer PostgreSQL client tools are installed">
      <p>{warning}</p>
    </Banner>
  );
}

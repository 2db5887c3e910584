// Databases kept by earlier replaces (`<db>_before_restore_<time>`) on the jobs' servers: shown
// until someone deletes them, because each holds a whole database's worth of disk.
import { useApiQuery } from '../../api/use-api-query';
import { ErrorPanel } from '../../components/ErrorPanel';
import { formatBytes } from '../../format/bytes';
import { formatDateTime } from '../../format/time';
import { DeleteKeptDatabase } from './DeleteKeptDatabase';

export function KeptDatabases() {
  const kept = useApiQuery('restore.keptList', {}, [], { refreshOn: ['backups'] });
  if (kept.error) return <ErrorPanel error={kept.error} onRetry={kept.refresh} />;
  if (!kept.data || kept.data.kept.length === 0) return null;
  return (
    <section className="kept-databases" aria-labelledby="kept-title">
      <h2 id="kept-title">Databases kept by earlier replaces</h2>
      <p className="muted">Each is the database as it was just before a restore replaced it. Delete it once the restored one has proved itself.</p>
      <table className="small-table">
        <thead>
          <tr>
            <th scope="col">Database</th>
            <th scope="col">Replaced</th>
            <th scope="col">Size</th>
            <th scope="col">Server</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {kept.data.kept.map((k) => (
            <tr key={`${k.server}/${k.name}`}>
              <th scope="row">{k.name}</th>
              <td>
                {k.original} on {formatDateTime(k.keptAt)}
              </td>
              <td className="numeric">{k.sizeBytes === null ? '—' : formatBytes(k.sizeBytes)}</td>
              <td>{k.server}</td>
              <td>
                <DeleteKeptDatabase server={k.server} name={k.name} onDeleted={() => kept.refresh()} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {kept.data.unreachable.map((u) => (
        <p className="muted" key={u.server}>
          Could not look on {u.server}: {u.message}
        </p>
      ))}
    </section>
  );
}

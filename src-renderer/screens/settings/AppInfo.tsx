import { useApiQuery } from '../../api/use-api-query';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';

export function AppInfo() {
  const info = useApiQuery('app.info', {}, [], { refreshOn: 'never' });
  const d = info.data;
  return (
    <section className="panel" aria-labelledby="settings-about">
      <h2 id="settings-about">About this Lifeboat</h2>
      <ErrorPanel error={info.error} onRetry={info.refresh} />
      {!d && info.loading ? <Loading /> : null}
      {d ? (
        <dl className="facts">
          <dt>Version</dt>
          <dd>{d.version}</dd>
          <dt>Running as</dt>
          <dd>{d.host === 'electron' ? 'Desktop app' : 'Web service (lifeboat serve)'} on {d.platform}</dd>
          <dt>Data folder</dt>
          <dd className="break">
            <code>{d.dataDir}</code>
          </dd>
          <dt>Secrets kept in</dt>
          <dd>{d.secretStore}</dd>
          <dt>PostgreSQL tools</dt>
          <dd>
            {d.pgTools.length === 0 ? (
              'None found'
            ) : (
              <ul className="plain-list">
                {d.pgTools.map((t) => (
                  <li key={`${t.version}-${t.dir}`}>
                    pg_dump {t.version} <span className="muted">({t.source}: <code className="break">{t.dir}</code>)</span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </dl>
      ) : null}
    </section>
  );
}

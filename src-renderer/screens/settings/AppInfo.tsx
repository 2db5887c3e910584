import { useApiQuery } from '../../api/use-api-query';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { summarisePgTools, type PgToolsSummary } from './pg-tools-summary';

function PgToolsLine({ summary }: { summary: PgToolsSummary }) {
  if (summary.kind === 'none') return <>None bundled, and none found on this computer: install the PostgreSQL client tools (pg_dump) or set LIFEBOAT_PG_TOOLS.</>;
  const override = summary.override ? (
    <>
      {' '}
      LIFEBOAT_PG_TOOLS adds pg_dump {summary.override.version} (<code className="break">{summary.override.dir}</code>), preferred when new enough.
    </>
  ) : null;
  if (summary.kind === 'bundled') {
    return (
      <>
        <strong>pg_dump {summary.version}</strong>, bundled with Lifeboat <span className="muted">(<code className="break">{summary.dir}</code>)</span>.{override}
      </>
    );
  }
  return (
    <>
      None bundled; using system tools at <code className="break">{summary.dir}</code> (pg_dump {summary.version}).{override}
    </>
  );
}

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
          <dt>Bundled PostgreSQL tools</dt>
          <dd data-testid="bundled-pg-tools">
            <PgToolsLine summary={summarisePgTools(d.pgTools)} />
          </dd>
          <dt>All PostgreSQL tools found</dt>
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

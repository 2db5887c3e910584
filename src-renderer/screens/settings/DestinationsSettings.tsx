import { useState } from 'react';
import { useApiQuery } from '../../api/use-api-query';
import { Button } from '../../components/Button';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { freeName } from '../../forms/destination-draft';
import { DestinationForm } from '../../forms/DestinationForm';
import { DestinationItem } from './DestinationItem';

export function DestinationsSettings() {
  const list = useApiQuery('destinations.list', {}, [], { refreshOn: ['destinations'] });
  const [adding, setAdding] = useState<'folder' | 's3' | null>(null);
  const destinations = list.data?.destinations ?? [];
  const names = destinations.map((d) => d.name);
  return (
    <section className="panel" aria-labelledby="settings-destinations">
      <h2 id="settings-destinations">Destinations</h2>
      <p className="muted">Places where backups are kept. Jobs choose among these.</p>
      <ErrorPanel error={list.error} onRetry={list.refresh} />
      {list.loading && !list.data ? <Loading label="Loading destinations…" /> : null}
      {list.data && destinations.length === 0 ? <p>No destinations yet.</p> : null}
      <ul className="destination-list">
        {destinations.map((d) => (
          <DestinationItem key={d.name} destination={d} />
        ))}
      </ul>
      <div className="button-row">
        <Button onClick={() => setAdding('folder')} aria-pressed={adding === 'folder'}>
          Add a folder or NAS
        </Button>
        <Button onClick={() => setAdding('s3')} aria-pressed={adding === 's3'}>
          Add Backblaze B2 or S3
        </Button>
      </div>
      {adding ? (
        <DestinationForm
          key={adding}
          kind={adding}
          takenNames={names}
          suggestedName={freeName(adding === 'folder' ? 'nas' : 'b2', names)}
          onSaved={() => list.refresh()}
        />
      ) : null}
    </section>
  );
}

// The Prometheus textfile (for node_exporter): Lifeboat rewrites it after every run.
import { useState } from 'react';
import type { Settings } from '../../../src-shared/api';
import { Button } from '../../components/Button';
import { TextField } from '../../components/TextField';

export function MetricsSettings({ metricsFile, onSave, pending }: { metricsFile: string | null; onSave: (patch: Partial<Settings>) => void; pending: boolean }) {
  const [path, setPath] = useState(metricsFile ?? '');
  const error = path && !path.endsWith('.prom') ? 'node_exporter only reads files ending in .prom.' : undefined;
  return (
    <section className="panel" aria-labelledby="settings-metrics">
      <h2 id="settings-metrics">Monitoring (Prometheus)</h2>
      <TextField
        label="Metrics file"
        wide
        value={path}
        onChange={setPath}
        error={error}
        placeholder="/var/lib/node_exporter/textfile/lifeboat.prom"
        hint="Optional. For node_exporter’s textfile collector; rewritten after every backup."
      />
      <div className="button-row">
        <Button variant="primary" disabled={pending || Boolean(error) || path === (metricsFile ?? '')} onClick={() => onSave({ metricsFile: path.trim() || null })}>
          Save
        </Button>
        {metricsFile ? (
          <Button
            disabled={pending}
            onClick={() => {
              setPath('');
              onSave({ metricsFile: null });
            }}
          >
            Turn off
          </Button>
        ) : null}
      </div>
    </section>
  );
}

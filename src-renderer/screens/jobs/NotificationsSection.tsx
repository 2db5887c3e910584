// How much each saved notification channel hears about this job. Channels themselves are
// created with `lifeboat notify add` (the UI contract has no channel list yet).
import { useState } from 'react';
import type { JobConfig } from '../../../src-shared/job';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';

type Notification = JobConfig['notifications'][number];
type Level = Notification['level'];

const LEVELS: ReadonlyArray<{ value: Level; label: string }> = [
  { value: 'failures-and-recovery', label: 'Failures, and when things work again' },
  { value: 'errors-only', label: 'Failures only' },
  { value: 'everything', label: 'Every backup' },
  { value: 'nothing', label: 'Nothing' },
];

export function NotificationsSection({ value, onChange }: { value: Notification[]; onChange: (value: Notification[]) => void }) {
  const [channel, setChannel] = useState('');
  function add() {
    const name = channel.trim();
    if (!name || value.some((n) => n.channel === name)) return;
    onChange([...value, { channel: name, level: 'failures-and-recovery' }]);
    setChannel('');
  }
  return (
    <section className="panel" aria-labelledby="notifications-title">
      <h2 id="notifications-title">Notifications</h2>
      {value.length === 0 ? <p className="muted">This job sends no messages. Desktop notifications still appear on this computer.</p> : null}
      {value.map((n, i) => (
        <div className="field-with-button" key={n.channel}>
          <SelectField
            label={`Channel “${n.channel}” tells you about`}
            value={n.level}
            options={LEVELS}
            onChange={(level) => onChange(value.map((m, j) => (j === i ? { ...m, level } : m)))}
          />
          <Button variant="quiet" onClick={() => onChange(value.filter((_, j) => j !== i))} aria-label={`Remove channel ${n.channel} from this job`}>
            Remove
          </Button>
        </div>
      ))}
      <div className="field-with-button">
        <TextField label="Add a channel by name" value={channel} onChange={setChannel} hint="A channel saved with “lifeboat notify add” (email, Slack, Teams, a healthcheck URL…)." />
        <Button onClick={add} disabled={!channel.trim()}>
          Add
        </Button>
      </div>
    </section>
  );
}

// Where the job's copies go, and how long each place keeps them.
import type { DestinationView } from '../../../src-shared/api';
import { routeHref } from '../../app/routes';
import { DestinationPicker } from '../../forms/DestinationPicker';
import { errorsUnder, type FieldErrors } from '../../forms/field-errors';
import { withDestinations, type JobDraft } from '../../forms/job-draft';
import { RetentionFields } from '../../forms/RetentionFields';

export interface DestinationsSectionProps {
  draft: JobDraft;
  onChange: (draft: JobDraft) => void;
  errors: FieldErrors;
  destinations: DestinationView[];
}

export function DestinationsSection({ draft, onChange, errors, destinations }: DestinationsSectionProps) {
  return (
    <section className="panel" aria-labelledby="destinations-title">
      <h2 id="destinations-title">Where copies go, and for how long</h2>
      <DestinationPicker destinations={destinations} selected={draft.destinations} onChange={(d) => onChange(withDestinations(draft, d))} error={errors['destinations']} />
      <p className="muted">
        To add a NAS folder or a bucket, go to <a href={routeHref({ name: 'settings' })}>Settings → Destinations</a>.
      </p>
      {draft.destinations.map((name) => {
        const retention = draft.retention[name];
        if (!retention) return null;
        return (
          <RetentionFields
            key={name}
            destination={name}
            value={retention}
            onChange={(value) => onChange({ ...draft, retention: { ...draft.retention, [name]: value } })}
            errors={errorsUnder(errors, `retention.${name}`)}
          />
        );
      })}
    </section>
  );
}

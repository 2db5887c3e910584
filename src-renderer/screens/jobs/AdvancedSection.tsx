import { CheckboxField } from '../../components/CheckboxField';
import { NumberField } from '../../components/NumberField';
import type { FieldErrors } from '../../forms/field-errors';
import type { JobDraft } from '../../forms/job-draft';

export function AdvancedSection({ draft, onChange, errors }: { draft: JobDraft; onChange: (draft: JobDraft) => void; errors: FieldErrors }) {
  return (
    <details className="panel more-options" open={Boolean(errors['compressionLevel'] || errors['retries'])}>
      <summary>
        <h2 className="inline-heading">Advanced</h2>
      </summary>
      <div className="field-grid">
        <NumberField
          label="Compression level"
          narrow
          value={draft.compressionLevel}
          onChange={(compressionLevel) => onChange({ ...draft, compressionLevel })}
          error={errors['compressionLevel']}
          min={1}
          max={19}
          hint="1 is fastest, 19 smallest. 3 suits almost everyone."
        />
        <NumberField
          label="Retries after a failure"
          narrow
          value={draft.retries}
          onChange={(retries) => onChange({ ...draft, retries })}
          error={errors['retries']}
          min={0}
          max={10}
        />
      </div>
      <CheckboxField label="Count the rows of every table" checked={draft.rowCounts} onChange={(rowCounts) => onChange({ ...draft, rowCounts })} hint="Lets a restore prove that every table came back complete." />
      <CheckboxField label="Also save users and roles" checked={draft.globals} onChange={(globals) => onChange({ ...draft, globals })} hint="Roles and tablespaces (pg_dumpall --globals-only), when the user may read them." />
    </details>
  );
}

import type { Settings } from '../../../src-shared/api';
import { applyTheme } from '../../app/theme';
import { RadioGroup } from '../../components/RadioGroup';

export function AppearanceSettings({ theme, onSave }: { theme: Settings['theme']; onSave: (patch: Partial<Settings>) => void }) {
  return (
    <section className="panel" aria-labelledby="settings-appearance">
      <h2 id="settings-appearance">Appearance</h2>
      <RadioGroup
        legend="Theme"
        value={theme}
        onChange={(next) => {
          // Apply at once; the saved setting follows.
          applyTheme(next);
          onSave({ theme: next });
        }}
        choices={[
          { value: 'system', label: 'Same as the system' },
          { value: 'light', label: 'Light' },
          { value: 'dark', label: 'Dark' },
        ]}
      />
    </section>
  );
}

import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { useApiQuery } from '../../api/use-api-query';
import { CheckboxField } from '../../components/CheckboxField';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { Screen } from '../../components/Screen';
import type { Settings } from '../../../src-shared/api';
import { AppearanceSettings } from './AppearanceSettings';
import { AppInfo } from './AppInfo';
import { DestinationsSettings } from './DestinationsSettings';
import { MetricsSettings } from './MetricsSettings';
import { ScheduleSettings } from './ScheduleSettings';

export function SettingsScreen() {
  const api = useApi();
  const settings = useApiQuery('settings.get', {}, [], { refreshOn: ['settings'] });
  const info = useApiQuery('app.info', {}, [], { refreshOn: 'never' });
  const save = useAction((patch: Partial<Omit<Settings, 'recoveryKitSaved'>>) => api.call('settings.set', patch));
  const s = settings.data?.settings;
  const onSave = (patch: Partial<Settings>) => {
    const { recoveryKitSaved: _ignored, ...rest } = patch;
    void save.run(rest).then((r) => r && settings.refresh());
  };

  return (
    <Screen title="Settings">
      <ErrorPanel error={settings.error} onRetry={settings.refresh} />
      <ErrorPanel error={save.error} />
      {!s && settings.loading ? <Loading label="Loading settings…" /> : null}
      {s ? (
        <>
          <ScheduleSettings pausedUntil={s.pausedUntil} onSave={onSave} pending={save.pending} />
          <DestinationsSettings />
          <AppearanceSettings theme={s.theme} onSave={onSave} />
          {info.data?.host === 'electron' ? (
            <section className="panel" aria-labelledby="settings-startup">
              <h2 id="settings-startup">Start-up</h2>
              <CheckboxField
                label="Start Lifeboat when I log in"
                checked={s.startAtLogin}
                disabled={save.pending}
                onChange={(startAtLogin) => onSave({ startAtLogin })}
                hint="Scheduled backups run only while Lifeboat (or its background service) is running."
              />
            </section>
          ) : null}
          <MetricsSettings metricsFile={s.metricsFile} onSave={onSave} pending={save.pending} />
        </>
      ) : null}
      <AppInfo />
    </Screen>
  );
}

// The window: sidebar, skip link, and the screen for the current hash route. Each route change
// mounts a fresh screen (keyed by the hash) which sets the title and takes focus.
import { ActivityScreen } from '../screens/activity/ActivityScreen';
import { DashboardScreen } from '../screens/dashboard/DashboardScreen';
import { FirstRunScreen } from '../screens/first-run/FirstRunScreen';
import { HistoryScreen } from '../screens/history/HistoryScreen';
import { JobEditorScreen } from '../screens/jobs/JobEditorScreen';
import { JobsScreen } from '../screens/jobs/JobsScreen';
import { RestoreWizard } from '../screens/restore/RestoreWizard';
import { SettingsScreen } from '../screens/settings/SettingsScreen';
import { NotFoundScreen } from './NotFoundScreen';
import { parseRoute, useHash, type Route } from './routes';
import { Sidebar } from './Sidebar';
import { useFirstRunRedirect } from './use-first-run-redirect';
import { useSettingsTheme } from './use-settings-theme';

function ScreenFor({ route }: { route: Route }) {
  switch (route.name) {
    case 'dashboard':
      return <DashboardScreen />;
    case 'welcome':
      return <FirstRunScreen />;
    case 'jobs':
      return <JobsScreen />;
    case 'job-new':
      return <JobEditorScreen jobName={null} />;
    case 'job-edit':
      return <JobEditorScreen jobName={route.job} />;
    case 'history':
      return <HistoryScreen query={route.query} />;
    case 'restore':
      return <RestoreWizard backupId={route.backupId} />;
    case 'activity':
      return <ActivityScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'not-found':
      return <NotFoundScreen path={route.path} />;
  }
}

function skipToContent() {
  document.querySelector<HTMLElement>('main h1')?.focus();
}

export function App() {
  const hash = useHash();
  const route = parseRoute(hash);
  useSettingsTheme();
  useFirstRunRedirect();
  return (
    <div className="app">
      {/* A button, not <a href="#main">: the hash is the router's. */}
      <button type="button" className="skip-link" onClick={skipToContent}>
        Skip to content
      </button>
      <Sidebar route={route} />
      <main className="main" id="main">
        <ScreenFor key={hash.split('?')[0] || '#/'} route={route} />
      </main>
    </div>
  );
}

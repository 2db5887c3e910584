import { Screen } from '../components/Screen';

export function NotFoundScreen({ path }: { path: string }) {
  return (
    <Screen title="Page not found">
      <p>There is no page at “{path}”.</p>
      <p>
        <a href="#/dashboard">Go to the dashboard</a>
      </p>
    </Screen>
  );
}

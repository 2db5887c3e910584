import type { Route } from './routes';

const ITEMS: Array<{ label: string; href: string; match: Array<Route['name']> }> = [
  { label: 'Dashboard', href: '#/dashboard', match: ['dashboard', 'not-found'] },
  { label: 'Jobs', href: '#/jobs', match: ['jobs', 'job-new', 'job-edit', 'welcome'] },
  { label: 'History', href: '#/history', match: ['history', 'restore'] },
  { label: 'Activity', href: '#/activity', match: ['activity'] },
  { label: 'Settings', href: '#/settings', match: ['settings'] },
];

export function Sidebar({ route }: { route: Route }) {
  return (
    <nav className="sidebar" aria-label="Main">
      <p className="brand">
        <span className="brand-mark" aria-hidden="true">
          ⛵
        </span>
        Lifeboat
      </p>
      <ul>
        {ITEMS.map((item) => {
          const current = item.match.includes(route.name);
          return (
            <li key={item.href}>
              <a href={item.href} aria-current={current ? 'page' : undefined} className={current ? 'active' : undefined}>
                {item.label}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

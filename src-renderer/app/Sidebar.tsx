import type { Route } from './routes';

// The guided setup ('welcome') highlights nothing: it is not one of these places yet.
const ITEMS: Array<{ label: string; href: string; match: Array<Route['name']> }> = [
  { label: 'Dashboard', href: '#/dashboard', match: ['dashboard', 'not-found'] },
  { label: 'Jobs', href: '#/jobs', match: ['jobs', 'job-new', 'job-edit'] },
  { label: 'History', href: '#/history', match: ['history'] },
  { label: 'Restore', href: '#/restore', match: ['restore'] },
  { label: 'Activity', href: '#/activity', match: ['activity'] },
  { label: 'Settings', href: '#/settings', match: ['settings'] },
];

export function Sidebar({ route }: { route: Route }) {
  return (
    <nav className="sidebar" aria-label="Main">
      <p className="brand">
        <BrandMark />
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

/** A small lifebuoy, drawn inline (the CSP allows inline SVG elements; colours come from the theme). */
function BrandMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="2">
      <circle cx="12" cy="12" r="9" />
      <circle cx="12" cy="12" r="4" />
      <path d="M5.6 5.6 9.2 9.2M14.8 14.8l3.6 3.6M18.4 5.6l-3.6 3.6M9.2 14.8l-3.6 3.6" strokeLinecap="round" />
    </svg>
  );
}

import type { ReactNode } from 'react';

export interface BannerProps {
  tone: 'info' | 'warning' | 'error' | 'success';
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
}

const ICONS: Record<BannerProps['tone'], string> = { info: 'i', warning: '!', error: '!', success: '✓' };

export function Banner({ tone, title, children, actions }: BannerProps) {
  return (
    <section className={`banner banner-${tone}`} role={tone === 'error' ? 'alert' : 'status'} aria-label={title}>
      <span className="banner-icon" aria-hidden="true">
        {ICONS[tone]}
      </span>
      <div className="banner-body">
        <p className="banner-title">{title}</p>
        {children ? <div className="banner-text">{children}</div> : null}
      </div>
      {actions ? <div className="banner-actions">{actions}</div> : null}
    </section>
  );
}

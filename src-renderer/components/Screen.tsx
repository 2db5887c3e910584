// The frame of every screen: sets the window title and moves focus to the heading when the
// screen opens, so keyboard and screen-reader users land at the top of the new page.
import { useEffect, useRef, type ReactNode } from 'react';

export interface ScreenProps {
  title: string;
  /** A longer heading than the window title, if wanted. */
  heading?: string;
  intro?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}

export function Screen({ title, heading, intro, actions, children }: ScreenProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Lifeboat`;
  }, [title]);
  useEffect(() => {
    headingRef.current?.focus({ preventScroll: false });
  }, []);
  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1 tabIndex={-1} ref={headingRef}>
            {heading ?? title}
          </h1>
          {intro ? <p className="screen-intro">{intro}</p> : null}
        </div>
        {actions ? <div className="screen-actions">{actions}</div> : null}
      </header>
      {children}
    </div>
  );
}

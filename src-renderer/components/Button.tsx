// A button that says what it is doing while its call is out, and cannot be pressed twice.
import type { ButtonHTMLAttributes } from 'react';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: 'primary' | 'secondary' | 'danger' | 'quiet';
  pending?: boolean;
  /** Label while pending ("Testing…"). */
  pendingLabel?: string;
}

export function Button({ variant = 'secondary', pending = false, pendingLabel, children, disabled, className, type = 'button', ...rest }: ButtonProps) {
  return (
    <button
      type={type}
      className={`button button-${variant}${className ? ` ${className}` : ''}`}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
      {...rest}
    >
      {pending ? (pendingLabel ?? 'Working…') : children}
    </button>
  );
}

// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { toApiError } from '../api/api-error';
import { apiError } from '../test/fake-api';
import '../test/render';
import { ErrorPanel } from './ErrorPanel';

describe('ErrorPanel', () => {
  it('shows the title, the cause and the fix, as an alert', () => {
    render(<ErrorPanel error={apiError('DEST_NOT_FOUND', 'The destination folder /mnt/nas does not exist (is the NAS share mounted?).', 'Mount the share, then try again.')} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The destination is missing');
    expect(alert.textContent).toContain('/mnt/nas does not exist');
    expect(alert.textContent).toContain('What to do: Mount the share, then try again.');
    expect(alert.textContent).toContain('DEST_NOT_FOUND');
  });

  it('renders nothing without an error', () => {
    const { container } = render(<ErrorPanel error={null} />);
    expect(container.textContent).toBe('');
  });

  it('never shows a stack trace for unexpected errors', () => {
    const thrown = new TypeError('x is undefined');
    render(<ErrorPanel error={toApiError(thrown)} />);
    const text = screen.getByRole('alert').textContent ?? '';
    expect(text).toContain('x is undefined');
    expect(text).toContain('What to do');
    expect(text).not.toMatch(/\bat \S+:\d+:\d+/);
    expect(thrown.stack).toBeTruthy();
    expect(text).not.toContain(thrown.stack!.split('\n')[1]!.trim());
  });
});

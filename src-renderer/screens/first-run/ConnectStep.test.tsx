// @vitest-environment jsdom
// The connection step when the server is newer than every pg_dump found: it connects and may go
// on (the databases are listed), but says plainly that backups would fail and how to fix it.
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ApiResponse } from '../../../src-shared/api';
import { FakeApi } from '../../test/fake-api';
import { renderWithApi } from '../../test/render';
import { FirstRunScreen } from './FirstRunScreen';

const WARNING =
  'The server runs PostgreSQL 17.2, but the newest pg_dump found is 15: found 15.20 (/opt/Lifeboat/resources/pg-tools/linux-x64/bin). pg_dump cannot read a server newer than itself. Install PostgreSQL 17 client tools or newer (Debian/Ubuntu: apt install postgresql-client-17). Until then, backups of this server will fail.';

async function testConnection(response: ApiResponse<'connection.test'>) {
  renderWithApi(<FirstRunScreen />, new FakeApi({ 'connection.test': () => response }));
  fireEvent.change(screen.getByLabelText(/^Server/), { target: { value: 'db.office.lan' } });
  fireEvent.change(screen.getByLabelText(/^User name/), { target: { value: 'backup' } });
  fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
  return screen.findByText(/Connected\./);
}

describe('ConnectStep', () => {
  it('warns that backups would fail when the server is newer than the client tools, and still lets the user go on', async () => {
    await testConnection({ serverVersion: '17.2', toolVersion: '15.20', databases: ['shop'], warning: WARNING });
    expect(screen.getByText(/Connected\./).parentElement?.textContent).toContain('The server runs PostgreSQL 17.2; the newest pg_dump found is 15.20.');
    const banner = screen.getByRole('status', { name: /Backups of this server will fail until newer PostgreSQL client tools are installed/ });
    expect(banner.textContent).toContain('apt install postgresql-client-17');
    expect(screen.queryByText(/backups will use pg_dump/)).toBeNull();
    expect(screen.getByRole('button', { name: 'Continue' })).toBeTruthy();
  });

  it('says which pg_dump backups will use, without a warning, when the tools are new enough', async () => {
    await testConnection({ serverVersion: '16.4', toolVersion: '16.6', databases: ['shop'] });
    expect(screen.getByText(/backups will use pg_dump 16\.6/)).toBeTruthy();
    expect(screen.queryByRole('status', { name: /Backups of this server will fail/ })).toBeNull();
  });
});

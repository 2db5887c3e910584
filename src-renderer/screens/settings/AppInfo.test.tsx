// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ApiResponse } from '../../../src-shared/api';
import { FakeApi } from '../../test/fake-api';
import { renderWithApi } from '../../test/render';
import { AppInfo } from './AppInfo';

type Tools = ApiResponse<'app.info'>['pgTools'];

async function bundledLine(pgTools: Tools): Promise<string> {
  const info = { version: '0.1.0', dataDir: '/home/office/.config/Lifeboat', platform: 'linux-x64', secretStore: 'Secret Service', pgTools, host: 'electron' as const };
  renderWithApi(<AppInfo />, new FakeApi({ 'app.info': () => info }));
  return (await screen.findByTestId('bundled-pg-tools')).textContent ?? '';
}

const BUNDLED = { version: '15.20', dir: '/opt/Lifeboat/resources/pg-tools/linux-x64/bin', source: 'bundled' };
const SYSTEM_15 = { version: '15.18', dir: '/usr/lib/postgresql/15/bin', source: 'system' };
const SYSTEM_17 = { version: '17.6', dir: '/usr/lib/postgresql/17/bin', source: 'system' };

describe('Settings: PostgreSQL tools', () => {
  it('shows the bundled version first and plainly', async () => {
    expect(await bundledLine([BUNDLED, SYSTEM_15])).toBe('pg_dump 15.20, bundled with Lifeboat (/opt/Lifeboat/resources/pg-tools/linux-x64/bin).');
    expect(screen.getByTestId('bundled-pg-tools').querySelector('strong')?.textContent).toBe('pg_dump 15.20');
  });

  it('says none is bundled and which system tools are used instead (the newest)', async () => {
    expect(await bundledLine([SYSTEM_15, SYSTEM_17])).toBe('None bundled; using system tools at /usr/lib/postgresql/17/bin (pg_dump 17.6).');
  });

  it('mentions a LIFEBOAT_PG_TOOLS override beside the bundled tools', async () => {
    expect(await bundledLine([{ version: '17.6', dir: '/opt/pg17/bin', source: 'env' }, BUNDLED])).toContain('LIFEBOAT_PG_TOOLS adds pg_dump 17.6 (/opt/pg17/bin)');
  });

  it('says how to get tools when there are none at all', async () => {
    expect(await bundledLine([])).toMatch(/^None bundled, and none found on this computer: install the PostgreSQL client tools/);
  });
});

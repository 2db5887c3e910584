// Every API method's handler; the type makes a missing or misnamed one a build error.
import type { ApiMethod } from '../../../src-shared/api';
import { appHandlers } from './app';
import { backupHandlers } from './backups';
import { connectionHandlers } from './connection';
import { dashboardHandlers } from './dashboard';
import { destinationHandlers } from './destinations';
import { jobHandlers } from './jobs';
import { keyHandlers } from './keys';
import { openBackupHandlers } from './open-backup';
import { restoreHandlers } from './restore';
import { settingsHandlers } from './settings';
import type { HandlerTable } from './types';

export const HANDLERS: HandlerTable<ApiMethod> = {
  ...appHandlers,
  ...dashboardHandlers,
  ...connectionHandlers,
  ...destinationHandlers,
  ...keyHandlers,
  ...jobHandlers,
  ...backupHandlers,
  ...restoreHandlers,
  ...openBackupHandlers,
  ...settingsHandlers,
};

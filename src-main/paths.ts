// Where Lifeboat keeps its own data: LIFEBOAT_HOME, else the OS app-data folder the desktop app uses.
import os from 'node:os';
import path from 'node:path';

export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LIFEBOAT_HOME) return path.resolve(env.LIFEBOAT_HOME);
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Lifeboat');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Lifeboat');
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Lifeboat');
  }
}

// The app's version, from package.json (bundled into the desktop build, read by tsx in a checkout).
import pkg from '../../package.json' with { type: 'json' };

export const APP_VERSION: string = pkg.version;

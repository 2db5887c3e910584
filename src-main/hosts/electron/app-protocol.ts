// The app:// scheme: registered as privileged (standard + secure, so the UI is a secure
// context with a real origin and root-relative asset paths work) before `ready`, then served
// from dist/renderer. Chosen over file://, which would make every local file same-origin.
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../csp';
import { APP_SCHEME } from './app-origin';
import { rendererHandler } from './renderer-files';

/** Must run before app `ready`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
}

/** Serves `rendererDir` on app:// in the default session (the main window's). */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, rendererHandler(rendererDir, { ...SECURITY_HEADERS, 'Content-Security-Policy': CONTENT_SECURITY_POLICY }));
}

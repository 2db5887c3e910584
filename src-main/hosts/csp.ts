// The Content-Security-Policy of every page Lifeboat shows, whichever host serves it (the
// Electron window's app:// protocol or `lifeboat serve`): only the app's own scripts, styles
// and connections, no plugins, no framing, no form posts, no <base> tricks.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The same policy for a page that carries its own style sheet (the printable recovery kit):
 * that exact <style> text is allowed by its hash, nothing else inline is, and no script at all.
 */
export function contentSecurityPolicyWithStyles(styleHashes: readonly string[]): string {
  return CONTENT_SECURITY_POLICY.replace("style-src 'self'", `style-src 'self' ${styleHashes.join(' ')}`).replace("script-src 'self'", "script-src 'none'");
}

/** Headers every response carries besides the CSP. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

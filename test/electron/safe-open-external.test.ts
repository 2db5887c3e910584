import { describe, expect, it, vi } from 'vitest';
import { externalUrlToOpen, safeOpenExternal, urlForLog } from '../../src-main/hosts/electron/safe-open-external';

describe('externalUrlToOpen', () => {
  it.each([
    ['https://www.postgresql.org/docs/current/app-pgdump.html', 'https://www.postgresql.org/docs/current/app-pgdump.html'],
    ['https://age-encryption.org', 'https://age-encryption.org/'],
    ['https://example.com/path?q=1#frag', 'https://example.com/path?q=1#frag'],
    ['HTTPS://Example.COM/', 'https://example.com/'],
    ['https://[::1]:8443/', 'https://[::1]:8443/'],
    ['mailto:admin@example.com', 'mailto:admin@example.com'],
    ['mailto:admin@example.com?subject=Backup%20failed&body=hi', 'mailto:admin@example.com?subject=Backup%20failed&body=hi'],
    ['mailto:a@example.com,b@example.com?cc=c@example.com', 'mailto:a@example.com,b@example.com?cc=c@example.com'],
  ])('opens %s', (raw, expected) => {
    expect(externalUrlToOpen(raw)).toBe(expected);
  });

  it.each([
    ['http://example.com/', 'plain http'],
    ['https://user:secret@example.com/', 'credentials'],
    ['https://user@example.com/', 'a user name'],
    ['https://:secret@example.com/', 'a password alone'],
    ['file:///etc/passwd', 'file:'],
    ['file://server/share/x.exe', 'a UNC file URL'],
    ['javascript:alert(1)', 'javascript:'],
    ['JaVaScRiPt:alert(1)', 'javascript: in mixed case'],
    ['data:text/html,<script>alert(1)</script>', 'data:'],
    ['vbscript:msgbox', 'vbscript:'],
    ['smb://nas/share', 'smb:'],
    ['ms-msdt:/id PCWDiagnostic', 'a Windows protocol handler'],
    ['search-ms:query=x', 'search-ms:'],
    ['lifeboat-kit:abc', 'the kit marker'],
    ['app://lifeboat/index.html', "the app's own scheme"],
    ['ftp://example.com/', 'ftp:'],
    ['/relative/path', 'a relative path'],
    ['example.com', 'no scheme'],
    ['', 'an empty string'],
    [' https://example.com/', 'leading space'],
    ['https://exa\nmple.com/', 'a newline'],
    ['https://example.com/\t', 'a tab'],
    ['https://example.com/\u0000', 'a NUL'],
    [`https://example.com/${'a'.repeat(3000)}`, 'an overlong URL'],
    ['mailto:?attach=~/.ssh/id_rsa', 'mailto attach without an address'],
    ['mailto:a@example.com?attach=/etc/passwd', 'mailto attach'],
    ['mailto:a@example.com?Attachment=C:\\x', 'mailto attachment'],
    ['mailto:not-an-address', 'mailto without @'],
    ['mailto:%E0%A4%A@example.com', 'a broken escape'],
  ])('refuses %s (%s)', (raw) => {
    expect(externalUrlToOpen(raw)).toBeNull();
  });

  it.each([undefined, null, 42, {}, ['https://example.com']])('refuses a non-string (%s)', (raw) => {
    expect(externalUrlToOpen(raw)).toBeNull();
  });
});

describe('safeOpenExternal', () => {
  it('hands only safe, normalised URLs to the opener and says whether it did', () => {
    const open = vi.fn(async () => {});
    expect(safeOpenExternal('https://Example.com', open)).toBe(true);
    expect(safeOpenExternal('file:///etc/passwd', open)).toBe(false);
    expect(safeOpenExternal('javascript:alert(1)', open)).toBe(false);
    expect(open.mock.calls).toEqual([['https://example.com/']]);
  });

  it('reports a failing opener instead of throwing', async () => {
    const onError = vi.fn();
    expect(safeOpenExternal('https://example.com/', async () => Promise.reject(new Error('no browser')), onError)).toBe(true);
    expect(safeOpenExternal('https://example.com/', () => {
      throw new Error('sync failure');
    }, onError)).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(onError.mock.calls.map(([error]) => (error as Error).message).sort()).toEqual(['no browser', 'sync failure']);
  });

  it('logs only the scheme and host of a URL', () => {
    expect(urlForLog('https://example.com/reset?token=secret')).toBe('https://example.com');
    expect(urlForLog('mailto:a@example.com')).toBe('mailto:');
    expect(urlForLog('not a url')).toBe('(not a URL)');
  });
});

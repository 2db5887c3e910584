import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import {
  isPaused,
  PAUSED_UNTIL_RESUMED,
  pauseRequest,
  TRAY_STATES,
  trayImageFile,
  trayMenuTemplate,
  trayTooltip,
  type TrayActions,
  type TrayMenuItem,
} from '../../src-main/hosts/electron/tray-menu';

const trayDir = path.resolve(import.meta.dirname, '../../resources/tray');

/** Decodes our own RGBA, filter-0 PNGs: enough to check size, transparency and colour. */
function readPng(file: string): { width: number; height: number; pixel(x: number, y: number): number[] } {
  const data = readFileSync(file);
  expect(data.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('ascii', offset + 4, offset + 8);
    const body = data.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([body[8], body[9]]).toEqual([8, 6]); // 8-bit RGBA
    }
    if (type === 'IDAT') idat.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4 + 1;
  return { width, height, pixel: (x, y) => [...raw.subarray(y * stride + 1 + x * 4, y * stride + 1 + x * 4 + 4)] };
}

describe('tray images', () => {
  it.each(TRAY_STATES)('%s has a 16×16 and a 32×32 (@2x) PNG, a circle on a transparent background', (state) => {
    expect(trayImageFile(state)).toBe(`${state}.png`);
    for (const [file, size] of [[trayImageFile(state), 16], [`${state}@2x.png`, 32]] as const) {
      const png = readPng(path.join(trayDir, file));
      expect([png.width, png.height]).toEqual([size, size]);
      expect(png.pixel(0, 0)[3]).toBe(0);
      expect(png.pixel(size - 1, size - 1)[3]).toBe(0);
      expect(png.pixel(size / 2 - 1, Math.round(size * 0.2))[3]).toBe(255);
    }
  });

  it('gives every state its own colour', () => {
    // Sample the fill (upper part of the circle, clear of the glyphs) at 2x.
    const colours = TRAY_STATES.map((state) => readPng(path.join(trayDir, `${state}@2x.png`)).pixel(16, 7).slice(0, 3).join(','));
    expect(new Set(colours).size).toBe(TRAY_STATES.length);
  });
});

describe('trayTooltip', () => {
  it('names Lifeboat and fits Windows’ 127-character limit', () => {
    expect(trayTooltip('All backups are up to date')).toBe('Lifeboat: All backups are up to date');
    expect(trayTooltip('Lifeboat: 1 job failing')).toBe('Lifeboat: 1 job failing');
    expect(trayTooltip('')).toBe('Lifeboat');
    const long = trayTooltip('x'.repeat(300));
    expect(long).toHaveLength(127);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('pause requests', () => {
  const now = new Date('2026-03-01T10:00:00.000Z');
  it('pauses for an hour, until resumed (as `lifeboat pause` does), or resumes', () => {
    expect(pauseRequest('hour', now)).toEqual({ pausedUntil: '2026-03-01T11:00:00.000Z' });
    expect(pauseRequest('untilResumed', now)).toEqual({ pausedUntil: PAUSED_UNTIL_RESUMED });
    expect(pauseRequest('resume', now)).toEqual({ pausedUntil: null });
    expect(isPaused(PAUSED_UNTIL_RESUMED, now)).toBe(true);
    expect(isPaused('2026-03-01T09:59:00.000Z', now)).toBe(false);
    expect(isPaused(null, now)).toBe(false);
  });
});

describe('trayMenuTemplate', () => {
  const now = new Date('2026-03-01T10:00:00.000Z');
  const actions = (): TrayActions & { log: string[] } => {
    const log: string[] = [];
    return { log, open: () => log.push('open'), runNow: (job) => log.push(`run ${job}`), pause: (choice) => log.push(`pause ${choice}`), quit: () => log.push('quit') };
  };
  const labels = (items: TrayMenuItem[]) => items.map((item) => (item.type === 'separator' ? '---' : item.label));
  const click = (items: TrayMenuItem[], label: string) => {
    const item = items.find((i) => i.label === label);
    if (!item?.click) throw new Error(`no clickable "${label}" in ${JSON.stringify(labels(items))}`);
    item.click();
  };

  it('lists the state, Open, one "Back up now" per job, the pause choices and Quit', () => {
    const a = actions();
    const menu = trayMenuTemplate({ tooltip: 'All backups are up to date', jobs: [{ name: 'nightly', paused: false }, { name: 'crm', paused: true }], pausedUntil: null, now }, a);
    expect(labels(menu)).toEqual([
      'Lifeboat: All backups are up to date',
      '---',
      'Open Lifeboat',
      '---',
      'Back up now: nightly',
      'Back up now: crm',
      '---',
      'Pause all schedules for 1 hour',
      'Pause until resumed',
      '---',
      'Quit Lifeboat',
    ]);
    expect(menu[0]?.enabled).toBe(false);
    click(menu, 'Back up now: crm');
    click(menu, 'Open Lifeboat');
    click(menu, 'Pause all schedules for 1 hour');
    click(menu, 'Pause until resumed');
    click(menu, 'Quit Lifeboat');
    expect(a.log).toEqual(['run crm', 'open', 'pause hour', 'pause untilResumed', 'quit']);
  });

  it('offers "Resume schedules" while paused, with until when', () => {
    const a = actions();
    const forever = trayMenuTemplate({ tooltip: 'Paused', jobs: [], pausedUntil: PAUSED_UNTIL_RESUMED, now }, a);
    expect(labels(forever)).toContain('Schedules paused until resumed');
    expect(labels(forever)).not.toContain('Pause until resumed');
    click(forever, 'Resume schedules');
    expect(a.log).toEqual(['pause resume']);
    const hour = trayMenuTemplate({ tooltip: 'Paused', jobs: [], pausedUntil: '2026-03-01T11:00:00.000Z', now }, a);
    expect(labels(hour).some((label) => label?.startsWith('Schedules paused until ') && label !== 'Schedules paused until resumed')).toBe(true);
    // An expired pause shows the pause choices again.
    const expired = trayMenuTemplate({ tooltip: 'OK', jobs: [], pausedUntil: '2026-03-01T09:00:00.000Z', now }, a);
    expect(labels(expired)).toContain('Pause all schedules for 1 hour');
  });

  it('says when there is no job, and folds many jobs into a submenu', () => {
    const a = actions();
    expect(trayMenuTemplate({ tooltip: '', jobs: [], pausedUntil: null, now }, a).find((i) => i.label === 'No backup jobs yet')?.enabled).toBe(false);
    const jobs = Array.from({ length: 8 }, (_, i) => ({ name: `db${i}`, paused: false }));
    const menu = trayMenuTemplate({ tooltip: '', jobs, pausedUntil: null, now }, a);
    const submenu = menu.find((i) => i.label === 'Back up now')?.submenu ?? [];
    expect(labels(submenu)).toEqual(jobs.map((j) => j.name));
    click(submenu, 'db7');
    expect(a.log).toEqual(['run db7']);
  });

  it('builds a template Electron accepts (labels, separators, clicks only)', () => {
    const menu = trayMenuTemplate({ tooltip: 'x', jobs: [{ name: 'a', paused: false }], pausedUntil: null, now }, { open: vi.fn(), runNow: vi.fn(), pause: vi.fn(), quit: vi.fn() });
    for (const item of menu) expect(Object.keys(item).every((key) => ['label', 'type', 'enabled', 'click', 'submenu'].includes(key))).toBe(true);
  });
});

#!/usr/bin/env node
// Writes the tray images (resources/tray/<state>.png at 16×16 and <state>@2x.png at 32×32)
// and the app icon (resources/icons/icon.png, 512×512) as plain PNGs with node:zlib: a filled
// circle of one colour per state on a transparent background, plus a white glyph so the states
// differ without colour too (running: dot, warning: "!", error: "×"). Re-run after a change:
//   node scripts/make-tray-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));

export const STATE_COLOURS = {
  idle: [138, 143, 152],
  running: [47, 127, 224],
  ok: [46, 164, 79],
  warning: [232, 152, 0],
  error: [217, 48, 37],
};

// Glyphs in unit coordinates (x, y in -1…1, y down): true where the pixel is white.
const GLYPHS = {
  idle: () => false,
  ok: () => false,
  running: (x, y) => x * x + y * y < 0.3 * 0.3,
  warning: (x, y) => Math.abs(x) < 0.14 && ((y > -0.6 && y < 0.2) || (y > 0.36 && y < 0.6)),
  error: (x, y) => (Math.abs(x - y) < 0.2 || Math.abs(x + y) < 0.2) && Math.abs(x) < 0.5 && Math.abs(y) < 0.5,
};

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** An RGBA PNG from a function (x, y) → [r, g, b, a] over pixel centres. */
export function encodePng(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** Antialiased by 4×4 supersampling: `sample(u, v)` gives [r, g, b] or null (transparent) at unit coordinates. */
function render(size, sample) {
  const n = 4;
  return encodePng(size, (px, py) => {
    let r = 0, g = 0, b = 0, covered = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const u = ((px + (i + 0.5) / n) / size) * 2 - 1;
        const v = ((py + (j + 0.5) / n) / size) * 2 - 1;
        const colour = sample(u, v);
        if (!colour) continue;
        r += colour[0];
        g += colour[1];
        b += colour[2];
        covered++;
      }
    }
    if (covered === 0) return [0, 0, 0, 0];
    return [Math.round(r / covered), Math.round(g / covered), Math.round(b / covered), Math.round((covered / (n * n)) * 255)];
  });
}

export function trayImage(state, size) {
  const fill = STATE_COLOURS[state];
  const rim = fill.map((c) => Math.round(c * 0.7));
  const radius = 0.94;
  const rimWidth = 2 / size; // about one pixel at any scale
  return render(size, (u, v) => {
    const d = Math.hypot(u, v);
    if (d > radius) return null;
    if (d > radius - rimWidth * 1.5) return rim;
    return GLYPHS[state](u / radius, v / radius) ? [255, 255, 255] : fill;
  });
}

export function appIcon(size) {
  // A lifebuoy: a ring in alternating red and white quarters, with a dark outline.
  const red = [217, 48, 37];
  const white = [250, 250, 250];
  const outline = [60, 28, 24];
  return render(size, (u, v) => {
    const d = Math.hypot(u, v);
    if (d > 0.94 || d < 0.42) return null;
    if (d > 0.9 || d < 0.46) return outline;
    const angle = Math.atan2(v, u) + Math.PI / 4;
    const quarter = Math.floor(((angle + 2 * Math.PI) % (2 * Math.PI)) / (Math.PI / 2));
    return quarter % 2 === 0 ? red : white;
  });
}

export function writeIcons(base = root) {
  const trayDir = path.join(base, 'resources', 'tray');
  const iconDir = path.join(base, 'resources', 'icons');
  mkdirSync(trayDir, { recursive: true });
  mkdirSync(iconDir, { recursive: true });
  const written = [];
  for (const state of Object.keys(STATE_COLOURS)) {
    for (const [suffix, size] of [['', 16], ['@2x', 32]]) {
      const file = path.join(trayDir, `${state}${suffix}.png`);
      writeFileSync(file, trayImage(state, size));
      written.push(file);
    }
  }
  const icon = path.join(iconDir, 'icon.png');
  writeFileSync(icon, appIcon(512));
  written.push(icon);
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const file of writeIcons()) console.log(path.relative(process.cwd(), file));
}

/**
 * The extension's icons (a white padlock on a blue rounded square), drawn here rather than in an editor so that
 * every size the stores ask for comes from one picture: Chrome 16/32/48/128, Firefox 48/96. The PNGs are
 * committed in icons/ (crxjs copies what the manifest names); icons.test.ts checks they are what this draws,
 * and `UPDATE_ICONS=1 npx vitest run scripts/icons.test.ts` rewrites them after a change here.
 */
import { deflateSync } from 'node:zlib';

export const ICON_SIZES = [16, 32, 48, 96, 128] as const;

export const iconPath = (size: number) => `icons/icon-${size}.png`;

type Rgba = readonly [number, number, number, number];
const BLUE: Rgba = [29, 78, 137, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/** What colour the picture has at (x, y), both 0..1 across the icon. */
function colourAt(x: number, y: number): Rgba {
  if (!inRoundedRect(x, y, 0.02, 0.02, 0.98, 0.98, 0.22)) return CLEAR;
  const keyhole = Math.hypot(x - 0.5, y - 0.6) < 0.06 || (Math.abs(x - 0.5) < 0.025 && y > 0.6 && y < 0.7);
  if (inRoundedRect(x, y, 0.25, 0.44, 0.75, 0.8, 0.06)) return keyhole ? BLUE : WHITE;
  const r = Math.hypot(x - 0.5, y - 0.44);
  if (y < 0.46 && r > 0.12 && r < 0.2) return WHITE; // the shackle
  return BLUE;
}

function inRoundedRect(x: number, y: number, x0: number, y0: number, x1: number, y1: number, radius: number): boolean {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + radius), x1 - radius);
  const cy = Math.min(Math.max(y, y0 + radius), y1 - radius);
  return Math.hypot(x - cx, y - cy) <= radius;
}

/** The icon at `size` pixels, 4×4 supersampled so small sizes keep smooth edges. */
export function iconPng(size: number): Buffer {
  const n = 4;
  const rows: Buffer[] = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0, then RGBA
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++)
        for (let sx = 0; sx < n; sx++) {
          const c = colourAt((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          for (let k = 0; k < 3; k++) sum[k] += c[k] * c[3];
          sum[3] += c[3];
        }
      const alpha = sum[3] / (n * n);
      for (let k = 0; k < 3; k++) row[1 + px * 4 + k] = sum[3] ? Math.round(sum[k] / sum[3]) : 0;
      row[1 + px * 4 + 3] = Math.round(alpha);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, i) => {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

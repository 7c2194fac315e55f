/**
 * Draws the add-in icons (assets/icon-16/32/64/80.png) with pngjs, so they are
 * reproducible from source: a rounded square in Fluent's brand blue with a
 * white check mark. Run: npm run icons
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';

/** The sizes Office asks for: 16/32/80 for the ribbon, 32 + 64 (high resolution) for the add-in icon. */
export const ICON_SIZES = [16, 32, 64, 80] as const;

const BRAND: [number, number, number] = [0x0f, 0x6c, 0xbd]; // webLightTheme colorBrandBackground
const WHITE: [number, number, number] = [0xff, 0xff, 0xff];
const SUPERSAMPLE = 4;

/** Distance from point p to segment ab, all in unit coordinates. */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function insideRoundedSquare(x: number, y: number, radius: number): boolean {
  const cx = Math.min(Math.max(x, radius), 1 - radius);
  const cy = Math.min(Math.max(y, radius), 1 - radius);
  return Math.hypot(x - cx, y - cy) <= radius;
}

function onCheckMark(x: number, y: number, width: number): boolean {
  return (
    segmentDistance(x, y, 0.25, 0.52, 0.43, 0.7) <= width / 2 || segmentDistance(x, y, 0.43, 0.7, 0.76, 0.32) <= width / 2
  );
}

/** Renders one icon; coverage is supersampled so small sizes stay crisp without jagged edges. */
export function renderIcon(size: number): PNG {
  const png = new PNG({ width: size, height: size });
  // Thicker strokes at small sizes so the mark stays legible at 16 px.
  const stroke = size <= 16 ? 0.16 : 0.12;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = (px + (sx + 0.5) / SUPERSAMPLE) / size;
          const y = (py + (sy + 0.5) / SUPERSAMPLE) / size;
          if (!insideRoundedSquare(x, y, 0.18)) continue;
          if (onCheckMark(x, y, stroke)) fg++;
          else bg++;
        }
      }
      const samples = SUPERSAMPLE * SUPERSAMPLE;
      const alpha = (bg + fg) / samples;
      const i = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) {
        png.data[i + c] = bg + fg === 0 ? 0 : Math.round((BRAND[c] * bg + WHITE[c] * fg) / (bg + fg));
      }
      png.data[i + 3] = Math.round(alpha * 255);
    }
  }
  return png;
}

export function iconFileName(size: number): string {
  return `icon-${size}.png`;
}

function main(): void {
  const dir = resolve(__dirname, '..', 'assets');
  mkdirSync(dir, { recursive: true });
  for (const size of ICON_SIZES) {
    const file = join(dir, iconFileName(size));
    writeFileSync(file, PNG.sync.write(renderIcon(size)));
    console.log(`skrev ${file}`);
  }
}

if (require.main === module) main();

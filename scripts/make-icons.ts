/**
 * Draws the Teams app icons into appPackage/:
 *   color.png   192x192, full colour: a white ID badge (photo + text lines) on the brand blue, with a
 *               green "approved" check seal.
 *   outline.png  32x32, white on transparent: the same badge as a line drawing (Teams tints it).
 *
 * Run: `npx tsx scripts/make-icons.ts` (deterministic; commit the PNGs it writes).
 * Shapes are point-in-shape tests, rendered with 8x8 supersampling for anti-aliased edges.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

type Shape = (x: number, y: number) => boolean;
type Rgb = readonly [number, number, number];

const BRAND: Rgb = [0x0f, 0x6c, 0xbd]; // also the manifest's accentColor
const BRAND_LIGHT: Rgb = [0x9c, 0xc3, 0xe8];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const GREEN: Rgb = [0x10, 0x7c, 0x10];

// ---- shapes -------------------------------------------------------------------------------------

function roundRect(x0: number, y0: number, x1: number, y1: number, r: number): Shape {
  return (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
}

function circle(cx: number, cy: number, r: number): Shape {
  return (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function ellipse(cx: number, cy: number, rx: number, ry: number): Shape {
  return (x, y) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
}

/** A thick line from (ax, ay) to (bx, by) with round caps. */
function segment(ax: number, ay: number, bx: number, by: number, width: number): Shape {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  return (x, y) => {
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
    const px = ax + t * dx - x;
    const py = ay + t * dy - y;
    return px * px + py * py <= (width / 2) ** 2;
  };
}

const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((s) => s(x, y));
const minus =
  (a: Shape, b: Shape): Shape =>
  (x, y) =>
    a(x, y) && !b(x, y);
const intersect =
  (a: Shape, b: Shape): Shape =>
  (x, y) =>
    a(x, y) && b(x, y);
const below = (yMax: number): Shape => (_x, y) => y <= yMax;

// ---- rendering ----------------------------------------------------------------------------------

const SAMPLES = 8;

/** Fraction of the pixel (px, py) covered by the shape. */
function coverage(shape: Shape, px: number, py: number): number {
  let hits = 0;
  for (let i = 0; i < SAMPLES; i++) {
    for (let j = 0; j < SAMPLES; j++) {
      if (shape(px + (i + 0.5) / SAMPLES, py + (j + 0.5) / SAMPLES)) hits++;
    }
  }
  return hits / (SAMPLES * SAMPLES);
}

interface Layer {
  shape: Shape;
  color: Rgb;
}

/** Paints layers in order onto an opaque background. */
function renderOpaque(size: number, background: Rgb, layers: Layer[]): PNG {
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let rgb: [number, number, number] = [...background];
      for (const { shape, color } of layers) {
        const a = coverage(shape, px, py);
        if (a > 0) rgb = [0, 1, 2].map((k) => rgb[k] * (1 - a) + color[k] * a) as [number, number, number];
      }
      const o = (py * size + px) * 4;
      png.data[o] = Math.round(rgb[0]);
      png.data[o + 1] = Math.round(rgb[1]);
      png.data[o + 2] = Math.round(rgb[2]);
      png.data[o + 3] = 255;
    }
  }
  return png;
}

/** White where the shape is, transparent elsewhere (alpha = coverage). */
function renderWhiteOnTransparent(size: number, shape: Shape): PNG {
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const a = coverage(shape, px, py);
      const o = (py * size + px) * 4;
      png.data[o] = 255;
      png.data[o + 1] = 255;
      png.data[o + 2] = 255;
      png.data[o + 3] = Math.round(a * 255);
    }
  }
  return png;
}

// ---- the two icons ------------------------------------------------------------------------------

function colorIcon(): PNG {
  // The badge: a card with a clip tab on top.
  const card = roundRect(22, 50, 170, 150, 14);
  const tab = roundRect(78, 34, 114, 62, 8);
  const slot = roundRect(86, 42, 106, 49, 3.5);
  // Photo: head and shoulders, clipped to the card's inner area.
  const head = circle(64, 88, 16);
  const shoulders = intersect(ellipse(64, 134, 30, 25), below(138));
  // Text lines.
  const lines = union(
    roundRect(102, 78, 150, 88, 5),
    roundRect(102, 98, 150, 108, 5),
    roundRect(102, 118, 134, 128, 5),
  );
  // "Approved" seal over the bottom-right corner.
  const sealRing = circle(152, 144, 27);
  const seal = circle(152, 144, 21);
  const check = union(segment(141, 145, 149, 153, 7), segment(149, 153, 164, 136, 7));
  return renderOpaque(192, BRAND, [
    { shape: union(card, tab), color: WHITE },
    { shape: slot, color: BRAND },
    { shape: union(head, shoulders), color: BRAND },
    { shape: lines, color: BRAND_LIGHT },
    { shape: sealRing, color: WHITE },
    { shape: seal, color: GREEN },
    { shape: check, color: WHITE },
  ]);
}

function outlineIcon(): PNG {
  // Edges on whole pixels, 2 px strokes: crisp at 32x32.
  const cardOutline = minus(roundRect(3, 8, 29, 27, 3), roundRect(5, 10, 27, 25, 1));
  const tab = minus(roundRect(13, 4, 19, 10, 1.5), roundRect(15, 6, 17, 8, 0.5));
  const head = circle(10.5, 14.5, 2.5);
  const shoulders = intersect(ellipse(10.5, 22.5, 4.2, 3.5), below(24));
  const lines = union(roundRect(16, 13, 25, 15, 1), roundRect(16, 17, 25, 19, 1), roundRect(16, 21, 22, 23, 1));
  return renderWhiteOnTransparent(32, union(cardOutline, tab, head, shoulders, lines));
}

function main(): void {
  const dir = join(__dirname, '..', 'appPackage');
  for (const [name, png] of [
    ['color.png', colorIcon()],
    ['outline.png', outlineIcon()],
  ] as const) {
    const file = join(dir, name);
    writeFileSync(file, PNG.sync.write(png, { colorType: 6 }));
    console.log(`wrote ${file} (${png.width}x${png.height})`);
  }
}

main();

/**
 * Draws the Teams app's two icons (appPackage/color.png 192×192, appPackage/outline.png 32×32: white on
 * transparent, as Teams requires) from the SVG below with Debian's Chromium. Run once after changing them:
 *   npx tsx scripts/teams-icons.ts
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { projectRoot } from '../src/util/paths.js';

/** A magnifier over a target dot: a hunt finding something. */
function glass(size: number, stroke: number, color: string): string {
  const c = size * 0.45;
  const r = size * 0.19;
  return (
    `<g fill="none" stroke="${color}" stroke-width="${stroke}" stroke-linecap="round">` +
    `<circle cx="${c}" cy="${c}" r="${r}"/><line x1="${c + r * 0.72}" y1="${c + r * 0.72}" x2="${size * 0.76}" y2="${size * 0.76}"/></g>` +
    `<circle cx="${c}" cy="${c}" r="${r * 0.3}" fill="${color}"/>`
  );
}

export const ICONS = [
  { file: 'color.png', size: 192, svg: `<rect width="192" height="192" fill="#3F51B5"/>${glass(192, 12, '#FFFFFF')}` },
  { file: 'outline.png', size: 32, svg: glass(32, 2.5, '#FFFFFF') },
];

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    for (const icon of ICONS) {
      const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${icon.size}" height="${icon.size}" viewBox="0 0 ${icon.size} ${icon.size}">${icon.svg}</svg>`;
      await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
      const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: icon.size, height: icon.size } });
      await writeFile(join(projectRoot(), 'appPackage', icon.file), png);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();

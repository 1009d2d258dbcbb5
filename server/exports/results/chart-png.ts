// The chart's SVG as a PNG, rendered with resvg and the DejaVu fonts bundled as a dependency, so
// the picture is the same on every server whatever fonts its system has.
import { createRequire } from 'node:module';
import { renderAsync } from '@resvg/resvg-js';
import { FONT_FAMILY } from './chart-svg.ts';

const require = createRequire(import.meta.url);
const FONT_FILES = [require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'), require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf')];

/**
 * `scale` 2 gives a picture sharp enough for a slide or a printed page. Rendered on libuv's thread
 * pool (renderAsync), not the server's thread: parsing the fonts and rasterising took about 2 s of
 * the event loop under load (a CPU profile of `npm run bench -- loop`), the same renderer either way.
 */
export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  const image = await renderAsync(svg, {
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
  });
  return image.asPng();
}

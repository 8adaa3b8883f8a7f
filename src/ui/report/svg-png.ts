// A chart's SVG as a PNG. The SVG is styled by the page's CSS (theme variables, component classes) that an
// <img> never sees, so each element's computed paint and font are written onto a copy before it is drawn.

const STYLED = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'opacity',
  'font-family', 'font-size', 'font-weight', 'text-anchor', 'dominant-baseline', 'paint-order', 'visibility'] as const;

/** A standalone copy of `svg` whose look no longer depends on the page's style sheets. */
function inlineStyles(svg: SVGSVGElement): SVGSVGElement {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [copy, ...copy.querySelectorAll('*')];
  originals.forEach((element, i) => {
    const target = copies[i];
    if (!(target instanceof SVGElement)) return;
    const computed = getComputedStyle(element);
    target.setAttribute('style', STYLED.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(';'));
  });
  const { width, height } = svg.getBoundingClientRect();
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(Math.ceil(width)));
  copy.setAttribute('height', String(Math.ceil(height)));
  return copy;
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('the chart could not be read back as an image'));
    image.src = url;
  });
}

/** The chart drawn at twice its size (sharp on high-density screens and in documents), on its own background. */
export async function svgToPng(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const { width, height } = svg.getBoundingClientRect();
  if (width === 0 || height === 0) throw new Error('the chart has not been drawn yet');
  const source = new Blob([new XMLSerializer().serializeToString(inlineStyles(svg))], { type: 'image/svg+xml' });
  const url = URL.createObjectURL(source);
  try {
    const image = await loadImage(url);
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser gives no 2D canvas to draw the PNG on');
    ctx.fillStyle = getComputedStyle(svg).getPropertyValue('--chart-bg').trim() || '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be encoded'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

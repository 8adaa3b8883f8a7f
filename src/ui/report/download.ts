// Files handed to the person: a Blob saved under a name, and a drawn plot turned into a PNG.

export function saveBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function saveText(name: string, text: string, type: string): void {
  saveBlob(name, new Blob([text], { type }));
}

/**
 * The plot drawn inside `container` (tfjs-vis draws through vega onto a canvas) as a PNG on a white
 * background, since vega leaves the canvas transparent and its text is dark.
 */
export async function plotToPng(container: HTMLElement): Promise<Blob> {
  const source = container.querySelector('canvas');
  if (!source || source.width === 0 || source.height === 0) throw new Error('the plot has not been drawn yet');
  const canvas = document.createElement('canvas');
  canvas.width = source.width;
  canvas.height = source.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser gives no 2D canvas to draw the PNG on');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(source, 0, 0);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be encoded'))), 'image/png'));
}

/** A file name from free text: `MLP · Quick` → `mlp-quick`. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'plot';
}

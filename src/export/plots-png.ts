// The zip's plots, drawn with OffscreenCanvas 2D from the stored history and analysis (not copied from the
// screen, so an export works whatever the report shows): loss and accuracy curves, confusion matrix,
// reliability diagram and the failure grid.
import type { AnalysisRecord, FailureCase } from '../core/analysis';
import { formatPercent } from '../core/format';
import type { RunRecord } from '../core/run';
import type { Plot } from './run-zip';

type Ctx = OffscreenCanvasRenderingContext2D;
const INK = '#1d2330';
const MUTED = '#6b7280';
const COLOURS = ['#2459c8', '#d9480f'];

async function draw(name: string, width: number, height: number, paint: (ctx: Ctx) => void): Promise<Plot> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser gives no 2D canvas to draw the plots on');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.font = '13px sans-serif';
  paint(ctx);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return { name, png: new Uint8Array(await blob.arrayBuffer()) };
}

interface Series {
  label: string;
  points: { x: number; y: number }[];
}

function curve(ctx: Ctx, title: string, series: Series[], zeroToOne: boolean, w: number, h: number): void {
  const box = { l: 60, t: 36, r: w - 20, b: h - 44 };
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.map((p) => p.y)).filter(Number.isFinite);
  const [x0, x1] = [Math.min(...xs) - 0.5, Math.max(...xs) + 0.5];
  const [y0, y1] = zeroToOne ? [0, 1] : [0, Math.max(...ys, 1e-6) * 1.1];
  const px = (x: number) => box.l + ((x - x0) / (x1 - x0)) * (box.r - box.l);
  const py = (y: number) => box.b - ((y - y0) / (y1 - y0)) * (box.b - box.t);
  ctx.fillStyle = INK;
  ctx.fillText(title, box.l, 20);
  ctx.strokeStyle = MUTED;
  ctx.strokeRect(box.l, box.t, box.r - box.l, box.b - box.t);
  ctx.fillStyle = MUTED;
  for (let i = 0; i <= 4; i++) ctx.fillText((y0 + ((y1 - y0) * i) / 4).toFixed(2), 8, py(y0 + ((y1 - y0) * i) / 4) + 4);
  for (const x of new Set(xs)) ctx.fillText(String(x), px(x) - 4, box.b + 16);
  ctx.fillText('epoch', (box.l + box.r) / 2 - 16, h - 8);
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length] as string;
    ctx.strokeStyle = ctx.fillStyle = colour;
    ctx.lineWidth = 2;
    ctx.beginPath();
    s.points.filter((p) => Number.isFinite(p.y)).forEach((p, j) => (j ? ctx.lineTo(px(p.x), py(p.y)) : ctx.moveTo(px(p.x), py(p.y))));
    ctx.stroke();
    for (const p of s.points) if (Number.isFinite(p.y)) ctx.fillRect(px(p.x) - 3, py(p.y) - 3, 6, 6);
    ctx.fillText(s.label, box.r - 130, box.t + 18 + i * 16);
  });
}

function confusion(ctx: Ctx, matrix: number[][], classes: string[], size: number): void {
  const n = matrix.length;
  const cell = (size - 90) / Math.max(n, 1);
  const max = Math.max(1, ...matrix.flat());
  ctx.fillStyle = INK;
  ctx.fillText('Confusion matrix (rows: true class, columns: predicted)', 10, 20);
  matrix.forEach((row, i) => row.forEach((count, j) => {
    const shade = Math.round(255 - (count / max) * 200);
    ctx.fillStyle = `rgb(${shade}, ${shade}, 255)`;
    ctx.fillRect(70 + j * cell, 40 + i * cell, cell - 1, cell - 1);
    if (cell >= 18) {
      ctx.fillStyle = count / max > 0.6 ? '#ffffff' : INK;
      ctx.fillText(String(count), 72 + j * cell, 40 + i * cell + cell / 2 + 4);
    }
  }));
  ctx.fillStyle = MUTED;
  classes.forEach((c, i) => {
    ctx.fillText(c.slice(0, 8), 8, 40 + i * cell + cell / 2 + 4);
    ctx.fillText(c.slice(0, 3), 70 + i * cell + 2, 34);
  });
}

function reliability(ctx: Ctx, analysis: AnalysisRecord, size: number): void {
  const bins = analysis.metrics?.calibration.bins ?? [];
  const box = { l: 50, t: 36, r: size - 20, b: size - 40 };
  const px = (v: number) => box.l + v * (box.r - box.l);
  const py = (v: number) => box.b - v * (box.b - box.t);
  ctx.fillStyle = INK;
  ctx.fillText(`Reliability diagram (ECE ${formatPercent(analysis.metrics?.calibration.ece)})`, box.l, 20);
  ctx.strokeStyle = MUTED;
  ctx.strokeRect(box.l, box.t, box.r - box.l, box.b - box.t);
  ctx.fillStyle = 'rgba(36, 89, 200, 0.55)';
  for (const b of bins) if (b.accuracy !== null) ctx.fillRect(px(b.lower) + 1, py(b.accuracy), px(b.upper) - px(b.lower) - 2, py(0) - py(b.accuracy));
  // The diagonal over the bars: a bar reaching it means confidence matched accuracy in that bin.
  ctx.strokeStyle = INK;
  ctx.setLineDash([4, 4]);
  ctx.beginPath();
  ctx.moveTo(px(0), py(0));
  ctx.lineTo(px(1), py(1));
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = MUTED;
  for (const v of [0, 0.5, 1]) {
    ctx.fillText(v.toFixed(1), px(v) - 8, box.b + 16);
    ctx.fillText(v.toFixed(1), box.l - 28, py(v) + 4);
  }
  ctx.save();
  ctx.translate(14, (box.t + box.b) / 2 + 30);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText('accuracy', 0, 0);
  ctx.restore();
  ctx.fillText('confidence', (box.l + box.r) / 2 - 30, size - 8);
}

function failures(ctx: Ctx, cases: FailureCase[], analysis: AnalysisRecord, columns: number, tile: number): void {
  const [h, w, c] = analysis.shape;
  ctx.fillStyle = INK;
  ctx.fillText('Most confident mistakes (true → predicted)', 10, 20);
  cases.forEach((f, k) => {
    const image = new ImageData(w, h);
    for (let p = 0; p < w * h; p++) {
      for (let ch = 0; ch < 3; ch++) image.data[p * 4 + ch] = f.pixels[p * c + (c === 1 ? 0 : ch)] ?? 0;
      image.data[p * 4 + 3] = 255;
    }
    const x = 10 + (k % columns) * (tile + 10);
    const y = 36 + Math.floor(k / columns) * (tile + 30);
    const scratch = new OffscreenCanvas(w, h);
    scratch.getContext('2d')?.putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(scratch, x, y, tile, tile);
    ctx.fillStyle = INK;
    ctx.fillText(`${analysis.classes[f.label] ?? f.label} → ${analysis.classes[f.predicted] ?? f.predicted}`, x, y + tile + 16);
  });
}

export const renderPlots = async (run: RunRecord, analysis: AnalysisRecord | undefined): Promise<Plot[]> => {
  const plots: Plot[] = [];
  const points = (key: 'loss' | 'valLoss' | 'accuracy' | 'valAccuracy') => run.history.map((e) => ({ x: e.epoch + 1, y: e[key] }));
  if (run.history.length) {
    plots.push(await draw('loss.png', 640, 360, (ctx) => curve(ctx, 'Loss per epoch', [{ label: 'loss', points: points('loss') }, { label: 'val. loss', points: points('valLoss') }], false, 640, 360)));
    plots.push(await draw('accuracy.png', 640, 360, (ctx) => curve(ctx, 'Accuracy per epoch', [{ label: 'accuracy', points: points('accuracy') }, { label: 'val. accuracy', points: points('valAccuracy') }], true, 640, 360)));
  }
  const m = analysis?.metrics;
  if (analysis && m) {
    plots.push(await draw('confusion-matrix.png', 560, 560, (ctx) => confusion(ctx, m.confusion, analysis.classes, 560)));
    plots.push(await draw('reliability.png', 420, 420, (ctx) => reliability(ctx, analysis, 420)));
    const cases = analysis.confident.slice(0, 12);
    if (cases.length) {
      const rows = Math.ceil(cases.length / 6);
      plots.push(await draw('failures.png', 6 * 90 + 10, 36 + rows * 110, (ctx) => failures(ctx, cases, analysis, 6, 80)));
    }
  }
  return plots;
};

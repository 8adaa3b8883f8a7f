// report.html of an exported run: one self-contained page (no script, no outside address, the plots inlined
// as data: URLs) showing the numbers and the plots, so it opens offline even when copied out of its folder.
import type { AnalysisRecord } from '../core/analysis';
import { formatCount, formatDuration, formatNumber, formatPercent } from '../core/format';
import { bestValAccuracy } from '../core/halving';
import type { RunRecord } from '../core/run';
import { describeValidation } from '../core/run-validation';
import type { DatasetRecord } from '../core/types';
import type { Plot } from './run-zip';

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** User-given text (names, paths), escaped and isolated: a right-to-left override in it cannot reorder the rest of the line. */
const name = (text: string) => `<bdi>${escape(text)}</bdi>`;

export function reportHtml(run: RunRecord, analysis: AnalysisRecord | undefined, dataset: DatasetRecord | undefined, plots: readonly Plot[]): string {
  const title = `${run.model.name} · ${run.hparams.name}`;
  const m = analysis?.metrics;
  const datasetName = dataset?.name ?? run.datasetInfo?.name;
  const rows: [string, string | { html: string }][] = [
    ['Dataset', { html: datasetName === undefined ? name(run.datasetId) : `${name(datasetName)} (${name(run.datasetId)})` }],
    ['Status', run.status],
    ['Backend', run.backend ?? '—'],
    ['Training time', run.startedAt && run.finishedAt ? formatDuration((run.finishedAt - run.startedAt) / 1000) : '—'],
    ['Test accuracy', m ? formatPercent(m.accuracy) : run.testAccuracy !== undefined ? formatPercent(run.testAccuracy) : '—'],
    ['Best validation accuracy', bestValAccuracy(run) >= 0 ? formatPercent(bestValAccuracy(run)) : '—'],
    ['Validation', capitalise(describeValidation(run))],
  ];
  if (m) {
    rows.push(['Test images', formatCount(m.count)], ['Test loss', formatNumber(m.loss, 3)], ['Macro F1', formatPercent(m.macro.f1)],
      ['Weighted F1', formatPercent(m.weighted.f1)], ['Calibration error', formatPercent(m.calibration.ece)]);
    for (const t of m.topK) rows.push([`Top-${t.k} accuracy`, formatPercent(t.accuracy)]);
  }
  if (analysis) rows.push(['Parameters', formatCount(analysis.parameters)]);
  const epochs = run.history.map((h) => `<tr><td>${formatCount(h.epoch + 1)}</td><td>${formatNumber(h.loss, 4)}</td><td>${formatPercent(h.accuracy)}</td><td>${formatNumber(h.valLoss, 4)}</td><td>${formatPercent(h.valAccuracy)}</td></tr>`);
  const perClass = m && analysis ? m.perClass.map((s, i) => `<tr><td>${name(analysis.classes[i] ?? String(i))}</td><td>${formatPercent(s.precision)}</td><td>${formatPercent(s.recall)}</td><td>${formatPercent(s.f1)}</td><td>${formatCount(s.support)}</td></tr>`) : [];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${escape(title)}</title>
<style>
body { overflow-wrap: anywhere; font: 15px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d2330; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-variant-numeric: tabular-nums; }
td, th { border-bottom: 1px solid #d5d9e0; padding: 0.2rem 0.6rem; text-align: right; }
td:first-child, th:first-child { text-align: left; }
img { max-width: 100%; border: 1px solid #d5d9e0; margin: 0.5rem 0; }
</style>
</head>
<body>
<h1 data-testid="report-title">${name(run.model.name)} · ${name(run.hparams.name)}</h1>
<p>${name(run.model.description)}</p>
<table data-testid="report-numbers">${rows.map(([k, v]) => `<tr><th scope="row">${escape(k)}</th><td>${typeof v === 'string' ? escape(v) : v.html}</td></tr>`).join('')}</table>
${analysis?.emptyMessage ? `<p>${escape(analysis.emptyMessage)}</p>` : ''}
<h2>Epochs</h2>
<table><tr><th>Epoch</th><th>Loss</th><th>Accuracy</th><th>Val. loss</th><th>Val. accuracy</th></tr>${epochs.join('')}</table>
${perClass.length ? `<h2>Per class</h2><table><tr><th>Class</th><th>Precision</th><th>Recall</th><th>F1</th><th>Support</th></tr>${perClass.join('')}</table>` : ''}
<h2>Plots</h2>
${plots.map((p) => `<figure><img src="data:image/png;base64,${base64(p.png)}" alt="${escape(p.name.replace(/\.png$/, '').replace(/-/g, ' '))}" data-file="plots/${escape(p.name)}"></figure>`).join('\n')}
<p><small>Exported by Trainyard. The model is in model.json (tfjs Layers format); TensorBoard logs are in logs/.</small></p>
</body>
</html>
`;
}

function base64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

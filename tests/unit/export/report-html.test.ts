import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../src/core/run';
import { BUILT_IN_HPARAMS, BUILT_IN_MODELS } from '../../../src/core/zoo';
import { reportHtml } from '../../../src/export/report-html';

describe('report.html', () => {
  it('isolates every user-given name, so a right-to-left override cannot reorder the line around it', () => {
    const rtl = 'evil\u202Egnp.exe';
    const run: RunRecord = {
      id: 'd/m/h', datasetId: 'd', modelId: 'm', hparamsId: 'h', model: { ...BUILT_IN_MODELS[0]!, name: rtl, description: rtl }, hparams: { ...BUILT_IN_HPARAMS[0]!, name: rtl },
      status: 'done', enqueuedAt: 0, history: [], checkpointEpoch: 0,
    };
    const dataset = { id: 'd', name: rtl, createdAt: 0, layout: 'csv' as const, shape: [1, 1, 1] as [number, number, 1], classes: [rtl], counts: {}, bytes: 0, report: { skipped: [], warnings: [], images: 0, files: 0, seconds: 0 } };
    const html = reportHtml(run, undefined, dataset, []);
    const outside = html.replace(/<bdi>[^<]*<\/bdi>/g, '').replace(/<title>[^<]*<\/title>/, '');
    expect(outside).not.toContain('\u202E');
    expect(html).toContain(`<h1 data-testid="report-title"><bdi>${rtl}</bdi> · <bdi>${rtl}</bdi></h1>`);
    expect(html).toContain(`<td><bdi>${rtl}</bdi> (<bdi>d</bdi>)</td>`);
    expect(html).toContain('overflow-wrap: anywhere');
  });
});

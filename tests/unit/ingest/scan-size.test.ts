import { describe, expect, it } from 'vitest';
import { sizeFor } from '../../../src/ingest/scan';

const sample = { sampled: 10, total: 10 };
const backbone = { width: 224, height: 224 };

describe('the size the preview proposes when a backbone model is enabled', () => {
  it('is the backbone\'s input for colour photos', () => {
    const decision = sizeFor([{ width: 160, height: 120, count: 8, grey: 0 }, { width: 90, height: 120, count: 2, grey: 0 }], 64, sample, backbone);
    expect([decision.width, decision.height]).toEqual([224, 224]);
    expect(decision.reason).toContain('The backbone takes 224×224 images');
  });

  it('stays the images\' own for grey images of any size, and for digit-sized colour ones', () => {
    const grey = sizeFor([{ width: 160, height: 120, count: 10, grey: 10 }], 64, sample, backbone);
    expect([grey.width, grey.height]).toEqual([64, 48]);
    const tiny = sizeFor([{ width: 28, height: 28, count: 10, grey: 0 }], 64, sample, backbone);
    expect([tiny.width, tiny.height]).toEqual([28, 28]);
  });

  it('stays the images\' own when no backbone model is enabled', () => {
    const own = sizeFor([{ width: 160, height: 120, count: 10, grey: 0 }], 64, sample, undefined);
    expect([own.width, own.height]).toEqual([64, 48]);
  });
});

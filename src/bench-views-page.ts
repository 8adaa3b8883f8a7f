// The views benchmark page: seeds the studio's database with a large dataset and many finished runs, for
// scripts/bench/55-views.mjs and tests/e2e/views-large.spec.ts (page.evaluate), which then open the studio.
import { openTrainyardDB } from './storage/db';
import { seedViews, type ViewsSeedResult } from './storage/bench/views-seed';
import type { ViewsSeedOptions } from './storage/bench/views-records';

async function seed(options: ViewsSeedOptions): Promise<ViewsSeedResult> {
  const db = await openTrainyardDB();
  try {
    return await seedViews(db, options);
  } finally {
    db.close();
  }
}

Object.assign(globalThis, { trainyardViewsBench: { seed } });

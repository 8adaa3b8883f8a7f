// Trained weights and topology, saved through a tfjs-style IO handler into the database.
import type { ArtifactRecord, TrainyardDB } from './db';

export class ArtifactStore {
  constructor(private readonly db: TrainyardDB) {}

  get(runId: string): Promise<ArtifactRecord | undefined> {
    return this.db.get('artifacts', runId);
  }

  async put(record: ArtifactRecord): Promise<void> {
    await this.db.put('artifacts', record);
  }
}

// A backbone run as files: one model that takes dataset-shaped images in [0, 1] (Layers backbone: a Layers model
// with the trunk and head nested in it; Graph backbone: a graph with the head's layers appended as nodes), and the
// head alone as a Layers model taking feature vectors.
import type { BackboneRecord } from '../../core/backbone';
import type { LayersArtifacts } from '../../core/model-artifacts';
import type { ImageShape } from '../../core/types';
import type { BackboneRunKind } from './compose';
import { exportGraphWithHead } from './export-graph';
import { assemble, HEAD_NAME } from './fine-tune';
import { loadLayersTrunk } from './load-backbone';
import { layersModelFiles, loadLayersArtifacts, saveLayersModel, type ModelJsonFiles } from './model-json';

export interface BackboneRunExport {
  combined: { format: 'layers-model' | 'graph-model' } & ModelJsonFiles;
  head: ModelJsonFiles;
}

export async function exportBackboneRun(record: BackboneRecord, trained: LayersArtifacts, kind: BackboneRunKind, shape: ImageShape): Promise<BackboneRunExport> {
  if (kind === 'fine-tuned') {
    if (record.format !== 'layers') throw new Error(`${record.name} is a Graph model; only Layers backbones are fine-tuned`);
    const model = await loadLayersArtifacts(trained);
    try {
      const head = await saveLayersModel(model.getLayer(HEAD_NAME) as unknown as Parameters<typeof saveLayersModel>[0]);
      return { combined: { format: 'layers-model', ...layersModelFiles(trained) }, head: layersModelFiles(head) };
    } finally {
      model.dispose();
    }
  }
  const head = await loadLayersArtifacts(trained);
  if (record.format === 'graph') {
    try {
      return { combined: { format: 'graph-model', ...(await exportGraphWithHead(record, head, shape)) }, head: layersModelFiles(trained) };
    } finally {
      head.dispose();
    }
  }
  const trunk = await loadLayersTrunk(record);
  // The assembled model's dispose disposes the trunk and head with it.
  const model = assemble(record, trunk, head, shape);
  try {
    return { combined: { format: 'layers-model', ...layersModelFiles(await saveLayersModel(model)) }, head: layersModelFiles(trained) };
  } finally {
    model.dispose();
  }
}

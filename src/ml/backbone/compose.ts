// The trained classifier of a backbone run, taking dataset-shaped images in [0, 1]: backbone features + the head
// trained on them (frozen runs), or the fine-tuned model as trained.
import * as tf from '@tensorflow/tfjs';
import type { BackboneRecord } from '../../core/backbone';
import type { LayersArtifacts } from '../../core/model-artifacts';
import type { ImageShape } from '../../core/types';
import { loadBackbone } from './load-backbone';
import { loadLayersArtifacts } from './model-json';

export type BackboneRunKind = 'head' | 'fine-tuned';

export interface ImageClassifier {
  /** [n, h, w, c] in [0, 1] at the dataset's shape → [n, classes] probabilities. */
  predict(x: tf.Tensor4D): tf.Tensor2D;
  countParams(): number;
  dispose(): void;
}

/** The trained classifier that takes dataset-shaped images in [0, 1]: backbone + head (frozen: head artifacts), or the fine-tuned model. */
export async function composeClassifier(record: BackboneRecord, trained: LayersArtifacts, kind: BackboneRunKind, shape: ImageShape): Promise<ImageClassifier> {
  if (kind === 'fine-tuned') {
    const model = await loadLayersArtifacts(trained);
    const input = model.inputs[0]?.shape ?? [];
    if (input.slice(1).join() !== shape.join()) {
      model.dispose();
      throw new Error(`the fine-tuned model takes [${input.slice(1).join(', ')}] images, the dataset has [${shape.join(', ')}]`);
    }
    return { predict: (x) => model.predict(x) as tf.Tensor2D, countParams: () => model.countParams(), dispose: () => model.dispose() };
  }
  const head = await loadLayersArtifacts(trained);
  const headInput = head.inputs[0]?.shape ?? [];
  if (headInput.length !== 2 || headInput[1] !== record.featureSize) {
    head.dispose();
    throw new Error(`the head takes [${headInput.slice(1).join(', ')}] inputs, the backbone ${record.name} gives ${record.featureSize} features`);
  }
  const backbone = await loadBackbone(record);
  return {
    predict: (x) => tf.tidy(() => head.predict(backbone.features(x)) as tf.Tensor2D),
    countParams: () => backbone.trunkParams + head.countParams(),
    dispose: () => {
      head.dispose();
      backbone.dispose();
    },
  };
}

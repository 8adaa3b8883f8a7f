// The pretrained backbones the studio ships, as data: where the built app serves each one (written at build
// time by build/vite-backbones.ts from an npm package, precached for offline use, fetched only when a backbone
// run needs it), how to feed it, which node gives the feature vector, and where its weights came from.

export interface BuiltInBackbone {
  /** Folder name under `backbones/` in the built app, and a stable id for the built-in. */
  slug: string;
  name: string;
  /** The model.json, relative to the app's base URL (its weights are `weights.bin` beside it). */
  path: string;
  format: 'layers' | 'graph';
  inputSize: { width: number; height: number };
  /** The pixel values the model expects; images are scaled from [0, 1] into this range. */
  pixelRange: { min: number; max: number };
  /** Layers: a layer name; Graph: a node name. Its output is the feature vector. */
  featureLayer: string;
  featureSize: number;
  /** Bytes of weights.bin (the build checks it), so the size can be shown before anything is fetched. */
  weightBytes: number;
  licence: string;
  /** One or two sentences a person reads: what the network is and what it was trained on. */
  provenance: string;
  /** The npm package the weights are taken from at build time, and the folder of its model inside the package. */
  source: { package: string; version: string; modelDir: string; url: string };
}

const HUB_NODE = 'StatefulPartitionedCall/sequential/keras_layer/StatefulPartitionedCall/StatefulPartitionedCall/StatefulPartitionedCall/predict';

export const BUILT_IN_BACKBONES: readonly BuiltInBackbone[] = [
  {
    slug: 'mobilenet-v2-140-nsfwjs',
    name: 'MobileNet V2 1.4 (from nsfwjs)',
    path: 'backbones/mobilenet-v2-140-nsfwjs/model.json',
    format: 'graph',
    inputSize: { width: 224, height: 224 },
    // The graph scales [0, 1] to MobileNet's [-1, 1] itself (TF Hub's hub_input Mul/Sub nodes).
    pixelRange: { min: 0, max: 1 },
    featureLayer: `${HUB_NODE}/feature_vector/SpatialSqueeze`,
    featureSize: 1792,
    weightBytes: 4_300_775,
    licence: 'MIT (nsfwjs, © Infinite Red); the ImageNet weights it starts from are Apache-2.0 (Google, TF Hub)',
    provenance:
      "Google's MobileNet V2 (width 1.4, 224 × 224) pretrained on ImageNet, published on TF Hub, then fine-tuned by the " +
      'nsfwjs authors to sort photos into five content classes (drawings, hentai, neutral, porn, sexy). Trainyard uses ' +
      'its 1,792-number feature vector before that five-class layer; the weights are 8-bit quantized.',
    source: { package: 'nsfwjs', version: '4.3.0', modelDir: 'dist/models/mobilenet_v2_mid', url: 'https://github.com/infinitered/nsfwjs' },
  },
];

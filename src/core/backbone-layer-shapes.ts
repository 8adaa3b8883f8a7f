// Output shapes of common Keras layers (channels last, batch left out), inferred from their configs so the feature
// finder knows which layers give a flat vector and how long it is. Unknown layers give `undefined`, never a guess.

/** Dimensions after the batch; -1 where the model leaves a size open. */
export type Shape = number[];

const SAME_SHAPE = new Set([
  'BatchNormalization', 'LayerNormalization', 'Activation', 'ReLU', 'LeakyReLU', 'PReLU', 'ELU', 'ThresholdedReLU', 'Softmax',
  'Dropout', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'ActivityRegularization', 'Rescaling',
  'Add', 'Multiply', 'Subtract', 'Average', 'Maximum', 'Minimum', 'Normalization', 'InputLayer',
]);

export function layerOutputShape(className: string, config: Record<string, unknown>, inputs: readonly (Shape | undefined)[]): Shape | undefined {
  const input = inputs[0];
  if (!input || inputs.some((s) => s === undefined)) return undefined;
  if (SAME_SHAPE.has(className)) return input;
  const [h = -1, w = -1, c = -1] = input;
  switch (className) {
    case 'Dense':
      return typeof config.units === 'number' ? [...input.slice(0, -1), config.units] : undefined;
    case 'Flatten':
      return input.some((d) => d < 0) ? [-1] : [input.reduce((a, d) => a * d, 1)];
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D':
      return config.keepdims === true ? [1, 1, c] : [c];
    case 'Reshape': {
      const target = config.target_shape;
      if (!Array.isArray(target) || !target.every((d) => typeof d === 'number')) return undefined;
      const known = (target as number[]).filter((d) => d > 0).reduce((a, d) => a * d, 1);
      const total = input.some((d) => d < 0) ? -1 : input.reduce((a, d) => a * d, 1);
      return (target as number[]).map((d) => (d > 0 ? d : total > 0 ? total / known : -1));
    }
    case 'Concatenate': {
      const axis = typeof config.axis === 'number' ? config.axis : -1;
      if (axis !== -1 && axis !== input.length) return undefined;
      return [...input.slice(0, -1), inputs.reduce((n, s) => n + (s?.[s.length - 1] ?? 0), 0)];
    }
    case 'ZeroPadding2D': {
      const [[t, b], [l, r]] = pairs(config.padding);
      return [h < 0 ? h : h + t + b, w < 0 ? w : w + l + r, c];
    }
    case 'Conv2D':
    case 'SeparableConv2D':
    case 'DepthwiseConv2D': {
      const k = pair(config.kernel_size);
      const s = pair(config.strides ?? 1);
      const d = pair(config.dilation_rate ?? 1);
      const same = config.padding === 'same';
      const out = (n: number, i: 0 | 1) => (n < 0 ? n : same ? Math.ceil(n / s[i]) : Math.ceil((n - (k[i] - 1) * d[i]) / s[i]));
      const multiplier = typeof config.depth_multiplier === 'number' ? config.depth_multiplier : 1;
      const channels = className === 'DepthwiseConv2D' ? (c < 0 ? c : c * multiplier) : typeof config.filters === 'number' ? config.filters : -1;
      return [out(h, 0), out(w, 1), channels];
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const p = pair(config.pool_size ?? 2);
      const s = config.strides === null || config.strides === undefined ? p : pair(config.strides);
      const same = config.padding === 'same';
      const out = (n: number, i: 0 | 1) => (n < 0 ? n : same ? Math.ceil(n / s[i]) : Math.floor((n - p[i]) / s[i]) + 1);
      return [out(h, 0), out(w, 1), c];
    }
    default:
      return undefined;
  }
}

function pair(v: unknown): [number, number] {
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && typeof v[0] === 'number') return [v[0], typeof v[1] === 'number' ? v[1] : v[0]];
  return [1, 1];
}

function pairs(v: unknown): [[number, number], [number, number]] {
  if (typeof v === 'number') return [[v, v], [v, v]];
  if (Array.isArray(v) && Array.isArray(v[0])) return [pair(v[0]), pair(v[1])];
  const [a, b] = pair(v);
  return [[a, a], [b, b]];
}

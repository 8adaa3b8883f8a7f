// GraphDef nodes as the TF.js converter writes them in model.json, and a builder that appends nodes and their
// constant weights (the weights manifest holds every Const node's value, by node name).

export interface GraphDefNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, unknown>;
  device?: string;
}

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
}

const DT = { float32: 'DT_FLOAT', int32: 'DT_INT32' } as const;
const FLOAT = { type: 'DT_FLOAT' };

export const dims = (shape: readonly number[]) => (shape.length ? { dim: shape.map((d) => ({ size: String(d) })) } : {});
const base64 = (s: string) => btoa(s);

export class GraphBuilder {
  readonly nodes: GraphDefNode[] = [];
  readonly specs: WeightSpec[] = [];
  readonly chunks: Uint8Array[] = [];

  constructor(private readonly prefix: string) {}

  /** A Const node whose value goes into the weights. */
  constant(name: string, shape: readonly number[], values: Float32Array | Int32Array): string {
    const full = `${this.prefix}/${name}`;
    const dtype = values instanceof Int32Array ? 'int32' : 'float32';
    this.nodes.push({ name: full, op: 'Const', attr: { value: { tensor: { dtype: DT[dtype], tensorShape: dims(shape) } }, dtype: { type: DT[dtype] } } });
    this.specs.push({ name: full, shape: [...shape], dtype });
    this.chunks.push(new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)));
    return full;
  }

  op(name: string, op: string, input: string[], attr: Record<string, unknown> = {}): string {
    const full = `${this.prefix}/${name}`;
    this.nodes.push({ name: full, op, input, attr: { T: FLOAT, ...attr } });
    return full;
  }

  matMul(name: string, x: string, kernel: string): string {
    return this.op(name, 'MatMul', [x, kernel], { transpose_a: { b: false }, transpose_b: { b: false } });
  }

  biasAdd(name: string, x: string, bias: string): string {
    return this.op(name, 'BiasAdd', [x, bias], { data_format: { s: base64('NHWC') } });
  }

  /** Keras activation names as graph ops; swish is x · sigmoid(x). */
  activation(name: string, x: string, activation: string): string {
    const ops: Record<string, string> = { relu: 'Relu', relu6: 'Relu6', elu: 'Elu', selu: 'Selu', tanh: 'Tanh', sigmoid: 'Sigmoid', softmax: 'Softmax', softplus: 'Softplus' };
    if (activation === 'linear') return x;
    if (activation === 'swish') return this.op(`${name}/swish`, 'Mul', [x, this.op(`${name}/sigmoid`, 'Sigmoid', [x])]);
    const op = ops[activation];
    if (!op) throw new Error(`the activation ${activation} has no graph op here`);
    return this.op(`${name}/${op}`, op, [x]);
  }
}

export const attrs = {
  placeholder: (shape: readonly number[]) => ({ shape: { shape: dims(shape) }, dtype: FLOAT }),
  resizeBilinear: (alignCorners: boolean) => ({ align_corners: { b: alignCorners }, half_pixel_centers: { b: false } }),
  concat: (n: number) => ({ N: { i: String(n) }, Tidx: { type: 'DT_INT32' } }),
};

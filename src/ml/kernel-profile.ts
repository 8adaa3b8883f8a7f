// Self time per kernel on a synchronous backend (WASM, CPU), for `npm run bench`. tf.profile counts a kernel that
// calls other kernels (our WASM gradients call Conv2D, Transpose, Pad) once for itself and again for each call it
// makes, so its top list double-counts; here each kernel's time excludes the kernels it called.
import * as tf from '@tensorflow/tfjs';

export interface KernelTime {
  name: string;
  /** Milliseconds spent in this kernel itself, not in kernels it called. */
  selfMs: number;
  calls: number;
}

/** Runs `body` with every kernel of `backendName` timed, and returns the kernels by self time, largest first. */
export async function profileSelfTime(backendName: string, body: () => Promise<void>, byShape = false): Promise<KernelTime[]> {
  const originals = tf.getKernelsForBackend(backendName);
  const totals = new Map<string, KernelTime>();
  const childMs: number[] = [];
  const wrap = (config: tf.KernelConfig): tf.KernelConfig => ({
    ...config,
    kernelFunc: (args) => {
      childMs.push(0);
      const started = performance.now();
      try {
        return config.kernelFunc(args);
      } finally {
        const elapsed = performance.now() - started;
        const children = childMs.pop() ?? 0;
        if (childMs.length) childMs[childMs.length - 1] = (childMs[childMs.length - 1] ?? 0) + elapsed;
        const name = byShape ? `${config.kernelName} ${shapesOf(args.inputs)}` : config.kernelName;
        const entry = totals.get(name) ?? { name, selfMs: 0, calls: 0 };
        entry.selfMs += elapsed - children;
        entry.calls++;
        totals.set(name, entry);
      }
    },
  });
  const swap = (configs: tf.KernelConfig[]): void => {
    for (const c of configs) {
      tf.unregisterKernel(c.kernelName, backendName);
      tf.registerKernel(c);
    }
  };
  swap(originals.map(wrap));
  try {
    await body();
  } finally {
    swap(originals);
  }
  return [...totals.values()].sort((a, b) => b.selfMs - a.selfMs);
}

function shapesOf(inputs: tf.NamedTensorInfoMap): string {
  return Object.values(inputs).map((t) => (t ? `[${t.shape.join(',')}]` : '-')).join(' ');
}

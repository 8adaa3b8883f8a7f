// The per-epoch scalars of a run as TensorBoard event files, named and tagged as Keras' TensorBoard callback
// names them (logs/train, logs/validation; epoch_loss, epoch_accuracy; step = epoch number), so
// `tensorboard --logdir logs` on the unzipped folder shows the curves.
import type { RunRecord } from '../core/run';
import { eventFile, eventFileName, type ScalarPoint } from '../core/tfevents';

export interface LogFile {
  path: string;
  bytes: Uint8Array;
}

export function tensorboardLogs(run: RunRecord): LogFile[] {
  const start = (run.startedAt ?? run.enqueuedAt) / 1000;
  let clock = start;
  const train: ScalarPoint[] = [];
  const validation: ScalarPoint[] = [];
  for (const h of run.history) {
    // An epoch without a time (an imported record) adds none, so every later step still has a real wall time.
    clock += Number.isFinite(h.seconds) ? h.seconds : 0;
    train.push({ step: h.epoch, wallTime: clock, values: { epoch_loss: h.loss, epoch_accuracy: h.accuracy } });
    validation.push({ step: h.epoch, wallTime: clock, values: { epoch_loss: h.valLoss, epoch_accuracy: h.valAccuracy } });
  }
  const name = eventFileName(start);
  return [
    { path: `logs/train/${name}`, bytes: eventFile(train, start) },
    { path: `logs/validation/${name}`, bytes: eventFile(validation, start) },
  ];
}

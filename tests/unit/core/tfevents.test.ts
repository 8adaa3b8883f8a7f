import { describe, expect, it } from 'vitest';
import { crc32c, eventFile, eventFileName, maskedCrc32c, scalarEvent, tfRecord } from '../../../src/core/tfevents';

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');

describe('TensorBoard event files', () => {
  it('computes CRC-32C check values', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
  });

  it('masks a CRC as TFRecord does (rotate right 15, add 0xa282ead8)', () => {
    const crc = crc32c(Uint8Array.of(1, 2, 3));
    const expected = ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
    expect(maskedCrc32c(Uint8Array.of(1, 2, 3))).toBe(expected);
  });

  it('frames a record as length, masked CRC of the length, data, masked CRC of the data', () => {
    const data = new TextEncoder().encode('hello');
    const record = tfRecord(data);
    expect(record.length).toBe(8 + 4 + 5 + 4);
    const view = new DataView(record.buffer);
    expect(view.getUint32(0, true)).toBe(5);
    expect(view.getUint32(4, true)).toBe(0);
    expect(view.getUint32(8, true)).toBe(maskedCrc32c(record.subarray(0, 8)));
    expect(hex(record.subarray(12, 17))).toBe('68 65 6c 6c 6f');
    expect(view.getUint32(17, true)).toBe(maskedCrc32c(data));
  });

  it('encodes a scalar Event proto byte for byte', () => {
    // wall_time=1.5 (field 1, double), step=3 (field 2, varint), summary (field 5) { value (1) { tag (1) "loss", simple_value (2) 0.5f } }
    expect(hex(scalarEvent(1.5, 3, 'loss', 0.5))).toBe(
      '09 00 00 00 00 00 00 f8 3f 10 03 2a 0d 0a 0b 0a 04 6c 6f 73 73 15 00 00 00 3f',
    );
  });

  it('writes the version record first and skips values that are not finite', () => {
    const file = eventFile([{ step: 0, wallTime: 10, values: { epoch_loss: 0.7, epoch_accuracy: Number.NaN } }], 9);
    const view = new DataView(file.buffer);
    const first = view.getUint32(0, true);
    const second = view.getUint32(12 + first + 4, true);
    expect(new TextDecoder().decode(file.subarray(12, 12 + first))).toContain('brain.Event:2');
    expect(12 + first + 4 + 12 + second + 4).toBe(file.length);
    expect(eventFileName(1700000000.7)).toBe('events.out.tfevents.1700000000.trainyard');
  });
});

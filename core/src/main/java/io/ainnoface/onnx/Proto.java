package io.ainnoface.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal protocol-buffers encoder: just the wire types ONNX's {@code onnx.proto} needs
 * (varint, length-delimited, fixed32). Repeated scalars are written unpacked, which every
 * proto2 and proto3 parser accepts.
 */
final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Proto varint(int field, long value) {
        tag(field, 0);
        raw(value);
        return this;
    }

    Proto fixed32(int field, float value) {
        tag(field, 5);
        int bits = Float.floatToRawIntBits(value);
        for (int i = 0; i < 4; i++) {
            out.write((bits >>> (8 * i)) & 0xff);
        }
        return this;
    }

    Proto string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Proto bytes(int field, byte[] value) {
        tag(field, 2);
        raw(value.length);
        out.write(value, 0, value.length);
        return this;
    }

    Proto message(int field, Proto message) {
        return bytes(field, message.toByteArray());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void tag(int field, int wireType) {
        raw(((long) field << 3) | wireType);
    }

    private void raw(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}

package io.sac4cps.platform.outbox;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;

/**
 * How an outbox row stores its messages: id, key and payload of each (length-prefixed bytes, -1 for
 * a null key) as one LZ4 block behind the uncompressed size. The thousand CloudEvents of a reading
 * batch (~450 KB of repetitive JSON) shrink about eightfold, and the row lives only until the
 * broker acknowledged it, so its size is pure cost.
 */
final class PackedMessages {
  private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
  private static final LZ4Compressor COMPRESSOR = LZ4.fastCompressor();
  private static final LZ4FastDecompressor DECOMPRESSOR = LZ4.fastDecompressor();

  private PackedMessages() {}

  static byte[] pack(List<OutboxMessage> messages) {
    List<byte[]> fields = new ArrayList<>(messages.size() * 3);
    int size = 0;
    for (OutboxMessage message : messages) {
      byte[] id = message.id().getBytes(StandardCharsets.UTF_8);
      byte[] key = message.key() == null ? null : message.key().getBytes(StandardCharsets.UTF_8);
      fields.add(id);
      fields.add(key);
      fields.add(message.payload());
      size += 3 * Integer.BYTES + id.length + (key == null ? 0 : key.length);
      size += message.payload().length;
    }
    ByteBuffer plain = ByteBuffer.allocate(size);
    for (byte[] field : fields) {
      if (field == null) {
        plain.putInt(-1);
      } else {
        plain.putInt(field.length).put(field);
      }
    }
    byte[] packed = new byte[Integer.BYTES + COMPRESSOR.maxCompressedLength(size)];
    ByteBuffer.wrap(packed).putInt(size);
    int length = COMPRESSOR.compress(plain.array(), 0, size, packed, Integer.BYTES);
    return Arrays.copyOf(packed, Integer.BYTES + length);
  }

  static List<OutboxMessage> unpack(byte[] packed, Destination destination) {
    byte[] plain = new byte[ByteBuffer.wrap(packed).getInt()];
    DECOMPRESSOR.decompress(packed, Integer.BYTES, plain, 0, plain.length);
    ByteBuffer buffer = ByteBuffer.wrap(plain);
    List<OutboxMessage> messages = new ArrayList<>();
    while (buffer.hasRemaining()) {
      String id = text(next(buffer));
      String key = text(next(buffer));
      messages.add(new OutboxMessage(id, destination, key, next(buffer)));
    }
    return messages;
  }

  private static byte[] next(ByteBuffer buffer) {
    int length = buffer.getInt();
    if (length < 0) {
      return null;
    }
    byte[] field = new byte[length];
    buffer.get(field);
    return field;
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}

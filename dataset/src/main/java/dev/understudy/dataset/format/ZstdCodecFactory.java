package dev.understudy.dataset.format;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet page compression without Hadoop: parquet-java's own codec factory goes through Hadoop's codec classes
 * (hadoop-common at run time), while zstd-jni (already the trace format's compressor) does ZSTD directly. Only ZSTD
 * and UNCOMPRESSED; zstd at a fixed level is deterministic, so the same rows give the same bytes.
 */
final class ZstdCodecFactory implements CompressionCodecFactory {
    private final int level;

    ZstdCodecFactory(int level) { this.level = level; }

    @Override public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        if (codec == CompressionCodecName.UNCOMPRESSED) return new Compressor(codec) {
            @Override public BytesInput compress(BytesInput bytes) { return bytes; }
        };
        if (codec != CompressionCodecName.ZSTD) throw new IllegalArgumentException("only ZSTD or UNCOMPRESSED: " + codec);
        return new Compressor(codec) {
            @Override public BytesInput compress(BytesInput bytes) throws IOException {
                return BytesInput.from(Zstd.compress(bytes.toByteArray(), level));
            }
        };
    }

    @Override public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return new BytesInputDecompressor() {
            @Override public BytesInput decompress(BytesInput bytes, int size) throws IOException {
                return codec == CompressionCodecName.UNCOMPRESSED ? bytes : BytesInput.from(Zstd.decompress(bytes.toByteArray(), size));
            }

            @Override public void decompress(ByteBuffer in, int inSize, ByteBuffer out, int outSize) throws IOException {
                byte[] src = new byte[inSize];
                in.get(src);
                out.put(codec == CompressionCodecName.UNCOMPRESSED ? src : Zstd.decompress(src, outSize));
            }

            @Override public void release() {}
        };
    }

    @Override public void release() {}

    private abstract static class Compressor implements BytesInputCompressor {
        private final CompressionCodecName codec;

        Compressor(CompressionCodecName codec) { this.codec = codec; }

        @Override public CompressionCodecName getCodecName() { return codec; }

        @Override public void release() {}
    }
}

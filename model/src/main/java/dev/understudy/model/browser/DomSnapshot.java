package dev.understudy.model.browser;

import java.util.Arrays;
import java.util.Objects;

/**
 * The page snapshot taken with a pointer, select or first input message (docs/browser.md,
 * "Snapshots").
 *
 * @param hash 64-bit FNV hash of the snapshot's HTML, 16 lower-case hex digits: names the snapshot
 * @param bytes length of the snapshot's HTML, or null
 * @param truncated the snapshot was cut, or null
 * @param tooBig the gzipped snapshot was too big and was not sent, or null
 * @param htmlGz the snapshot's HTML, gzipped (base64 in JSON); null when sent before (same hash)
 */
public record DomSnapshot(String hash, Long bytes, Boolean truncated, Boolean tooBig, byte[] htmlGz) {
    public DomSnapshot {
        htmlGz = htmlGz == null ? null : htmlGz.clone();
    }

    /** The gzipped HTML (a copy), or null. */
    @Override
    public byte[] htmlGz() {
        return htmlGz == null ? null : htmlGz.clone();
    }

    /** A copy with its hash redacted like any string (the HTML is bytes: kept). */
    public DomSnapshot redacted(Redaction r) {
        return new DomSnapshot(r.text(hash), bytes, truncated, tooBig, htmlGz);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DomSnapshot d && Objects.equals(hash, d.hash) && Objects.equals(bytes, d.bytes)
                && Objects.equals(truncated, d.truncated) && Objects.equals(tooBig, d.tooBig) && Arrays.equals(htmlGz, d.htmlGz);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hash, bytes, truncated, tooBig) * 31 + Arrays.hashCode(htmlGz);
    }

    @Override
    public String toString() {
        return "DomSnapshot[hash=" + hash + ", bytes=" + bytes + ", truncated=" + truncated + ", tooBig=" + tooBig
                + ", htmlGz=" + (htmlGz == null ? "null" : htmlGz.length + " bytes") + "]";
    }
}

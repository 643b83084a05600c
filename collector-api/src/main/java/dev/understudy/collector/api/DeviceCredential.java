package dev.understudy.collector.api;

import java.util.regex.Pattern;

/**
 * A device's credential: {@code UDC1.<device id>.<secret>}, sent as {@code Authorization: Bearer
 * <credential>}. The secret is 32 random bytes made by the server (base64url, no padding); the
 * server keeps only its SHA-256.
 */
public record DeviceCredential(String deviceId, String secret) {
    public static final String PREFIX = "UDC1";
    private static final Pattern ID = Pattern.compile(Wire.DEVICE_ID);
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");

    public DeviceCredential {
        if (deviceId == null || !ID.matcher(deviceId).matches()) throw new IllegalArgumentException("not a device id");
        if (secret == null || !SECRET.matcher(secret).matches()) throw new IllegalArgumentException("not a credential secret");
    }

    @Override
    public String toString() {
        return PREFIX + "." + deviceId + "." + secret;
    }

    /** The value of the Authorization header. */
    public String bearer() {
        return "Bearer " + this;
    }

    /** Reads a credential; IllegalArgumentException when it is not one. */
    public static DeviceCredential parse(String s) {
        if (s == null) throw new IllegalArgumentException("no credential");
        String[] p = s.strip().split("\\.", -1);
        if (p.length != 3 || !p[0].equals(PREFIX)) throw new IllegalArgumentException("not a device credential");
        return new DeviceCredential(p[1], p[2]);
    }
}

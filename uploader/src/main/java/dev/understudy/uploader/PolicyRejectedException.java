package dev.understudy.uploader;

/** A policy envelope from the collector that this device refuses (bad signature, another device's, older); the stored policy stays. */
public class PolicyRejectedException extends RuntimeException {
    public PolicyRejectedException(String message) {
        super(message);
    }
}

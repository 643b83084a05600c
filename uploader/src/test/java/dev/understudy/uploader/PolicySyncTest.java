package dev.understudy.uploader;

import static org.junit.jupiter.api.Assertions.*;

import dev.understudy.collector.api.Messages;
import dev.understudy.collector.api.PolicySignature;
import dev.understudy.collector.api.Wire;
import dev.understudy.privacy.policy.Policy;
import dev.understudy.privacy.policy.PolicyLoader;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("unit")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PolicySyncTest {
    static final String DEVICE = "0123456789abcdef0123456789abcdef";
    static final String OTHER = "fedcba9876543210fedcba9876543210";

    static KeyPair keys() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    static String payload(String device, long version) throws Exception {
        return Wire.MAPPER.writeValueAsString(new Messages.PolicyPayload(device, version, "support",
                "version: 1\nextends: default\nreview_hours: 2\n", 1000L, false, List.of(), 2000L));
    }

    @Test
    void aGoodEnvelopeVerifies() throws Exception {
        KeyPair k = keys();
        String p = payload(DEVICE, 3);
        Messages.PolicyPayload out = PolicySync.verify(new Messages.PolicyEnvelope(p, PolicySignature.sign(p, k.getPrivate())), k.getPublic(), DEVICE);
        assertEquals(3, out.version());
        assertEquals("support", out.team());
        assertEquals(2, PolicyLoader.parse(out.yaml(), "t", null).reviewHours());
    }

    @Test
    void aSignatureOfAnotherKeyIsRefused() throws Exception {
        KeyPair k = keys();
        KeyPair other = keys();
        String p = payload(DEVICE, 3);
        PolicyRejectedException e = assertThrows(PolicyRejectedException.class,
                () -> PolicySync.verify(new Messages.PolicyEnvelope(p, PolicySignature.sign(p, other.getPrivate())), k.getPublic(), DEVICE));
        assertTrue(e.getMessage().contains("signature"), e.getMessage());
        assertThrows(PolicyRejectedException.class, () -> PolicySync.verify(new Messages.PolicyEnvelope(p, "not base64!"), k.getPublic(), DEVICE));
        assertThrows(PolicyRejectedException.class, () -> PolicySync.verify(new Messages.PolicyEnvelope(p, null), k.getPublic(), DEVICE));
    }

    @Test
    void anEnvelopeForAnotherDeviceIsRefused() throws Exception {
        KeyPair k = keys();
        String p = payload(OTHER, 3);
        PolicyRejectedException e = assertThrows(PolicyRejectedException.class,
                () -> PolicySync.verify(new Messages.PolicyEnvelope(p, PolicySignature.sign(p, k.getPrivate())), k.getPublic(), DEVICE));
        assertTrue(e.getMessage().contains("not this device"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aTamperedPayloadIsRefused() throws Exception {
        KeyPair k = keys();
        String p = payload(DEVICE, 3);
        String sig = PolicySignature.sign(p, k.getPrivate());
        String tampered = p.replace("review_hours: 2", "review_hours: 0");
        assertNotEquals(p, tampered);
        assertThrows(PolicyRejectedException.class, () -> PolicySync.verify(new Messages.PolicyEnvelope(tampered, sig), k.getPublic(), DEVICE));
        String reformatted = p.replace(",", ", ");
        assertThrows(PolicyRejectedException.class, () -> PolicySync.verify(new Messages.PolicyEnvelope(reformatted, sig), k.getPublic(), DEVICE));
    }

    @Test
    void widerPoliciesAreRecognised() {
        Policy base = PolicyLoader.parse("version: 1\nallow_apps: [gedit]\ndeny_apps: [keepassxc]\nredaction:\n  screenshots: ocr\n", "a", null);
        assertFalse(PolicySync.widens(base, base));
        assertTrue(PolicySync.widens(base, PolicyLoader.parse("version: 1\nallow_apps: [gedit, firefox]\ndeny_apps: [keepassxc]\n", "b", null)));
        assertTrue(PolicySync.widens(base, PolicyLoader.parse("version: 1\nallow_apps: [gedit]\n", "c", null)), "a deny rule dropped");
        assertTrue(PolicySync.widens(base, PolicyLoader.parse("version: 1\nallow_apps: [gedit]\ndeny_apps: [keepassxc]\nredaction:\n  screenshots: off\n", "d", null)));
        assertTrue(PolicySync.widens(base, PolicyLoader.parse("version: 1\nallow_apps: [gedit]\ndeny_apps: [keepassxc]\nredaction:\n  kinds: [EMAIL]\n", "e", null)));
        assertFalse(PolicySync.widens(base, PolicyLoader.parse("version: 1\nallow_apps: []\ndeny_apps: [keepassxc, slack]\n", "f", null)), "narrower");
        assertTrue(PolicySync.widens(base, PolicyLoader.parse("version: 1\nallow_apps: [gedit]\ndeny_apps: [keepassxc]\nreview_hours: 1\n", "g", null)));
    }

    @Test
    void reviewHoursIsAPolicyKey() {
        assertEquals(24, PolicyLoader.defaults().reviewHours());
        assertEquals(0, PolicyLoader.parse("version: 1\nreview_hours: 0\n", "p", null).reviewHours());
        var e = assertThrows(dev.understudy.privacy.policy.PolicyException.class, () -> PolicyLoader.parse("version: 1\nreview_hours: -1\n", "p", null));
        assertTrue(e.getMessage().contains("review_hours"), e.getMessage());
        var e2 = assertThrows(dev.understudy.privacy.policy.PolicyException.class, () -> PolicyLoader.parse("version: 1\nreview_hour: 3\n", "p", null));
        assertTrue(e2.getMessage().contains("did you mean 'review_hours'"), e2.getMessage());
    }

    @Test
    void pollIntervalsAreJittered() {
        Random r = new Random(7);
        for (int i = 0; i < 200; i++) {
            Duration d = PolicySync.pollInterval(Duration.ofMinutes(5), 0.2, r);
            assertTrue(d.toMillis() >= 240_000 && d.toMillis() <= 360_000, d.toString());
        }
        Duration a = PolicySync.pollInterval();
        assertTrue(a.toMillis() >= 240_000 && a.toMillis() <= 360_000);
    }
}

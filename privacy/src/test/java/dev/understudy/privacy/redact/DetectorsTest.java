package dev.understudy.privacy.redact;

import org.junit.jupiter.api.Tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unit tests of each detector's rules: checksums, shapes, cues and the things they must leave alone. */
@Tag("unit")
class DetectorsTest {

    private static List<String> found(Detector d, String text) {
        List<Candidate> out = new ArrayList<>();
        d.detect(new TextScan(text), out);
        java.util.LinkedHashSet<String> spans = new java.util.LinkedHashSet<>();
        for (Candidate c : out) {
            spans.add(text.substring(c.start(), c.end()));
        }
        return new ArrayList<>(spans);
    }

    private static String redact(String text) {
        return TextRedactor.defaults().redact(text).text();
    }

    // ---- cards ----

    @Test
    void luhn() {
        assertTrue(CreditCardDetector.luhn("4111111111111111"));
        assertTrue(CreditCardDetector.luhn("378282246310005"));
        assertTrue(CreditCardDetector.luhn("5555555555554444"));
        assertFalse(CreditCardDetector.luhn("4111111111111112"));
        assertFalse(CreditCardDetector.luhn("12345x"));
    }

    @Test
    void cardsNeedLuhnAndIssuerWhateverTheSeparators() {
        CreditCardDetector d = new CreditCardDetector();
        assertEquals(List.of("4111 1111 1111 1111"), found(d, "card 4111 1111 1111 1111 exp 12/27"));
        assertEquals(List.of("3782-822463-10005"), found(d, "amex 3782-822463-10005"));
        assertEquals(List.of("5555555555554444"), found(d, "{\"pan\":\"5555555555554444\"}"));
        assertEquals(List.of(), found(d, "order 4111 1111 1111 1112")); // Luhn fails
        assertEquals(List.of(), found(d, "ts 1700000000123")); // no issuer prefix, no cue
        // as people type them (issue 13): mixed separators, double spaces, OCR spacing
        assertEquals(List.of("4111-1111 1111-1111"), found(d, "mixed 4111-1111 1111-1111"));
        assertEquals(List.of("4111  1111  1111  1111"), found(d, "card 4111  1111  1111  1111 ok"));
        assertEquals(List.of("4111 11 11 1111 1111"), found(d, "card 4111 11 11 1111 1111 ok"));
        assertEquals(List.of(), found(d, "v 4111-1111 1111-1112")); // mixed separators, Luhn fails
        assertEquals(List.of(), found(d, "+49 155 0104 0542")); // a phone number after '+'
    }

    // ---- IBAN ----

    @Test
    void mod97() {
        assertEquals(1, IbanDetector.mod97("DE89370400440532013000"));
        assertEquals(1, IbanDetector.mod97("GB82WEST12345698765432"));
        assertTrue(IbanDetector.isValid("GB82 WEST 1234 5698 7654 32"));
        assertFalse(IbanDetector.isValid("GB83 WEST 1234 5698 7654 32"));
        assertFalse(IbanDetector.isValid("DE8937040044053201300")); // wrong length
    }

    @Test
    void ibanGroupedCompactAndLowerCase() {
        IbanDetector d = new IbanDetector();
        assertEquals(List.of("DE89 3704 0044 0532 0130 00"), found(d, "IBAN DE89 3704 0044 0532 0130 00, thanks"));
        assertEquals(List.of("de89370400440532013000"), found(d, "iban de89370400440532013000"));
        assertEquals(List.of(), found(d, "DE89 3704 0044 0532 0130 01"));
    }

    // ---- national ids ----

    @Test
    void ssnRules() {
        assertTrue(NationalIdDetector.validSsn("123456789"));
        assertFalse(NationalIdDetector.validSsn("000123456")); // area 000
        assertFalse(NationalIdDetector.validSsn("666123456")); // area 666
        assertFalse(NationalIdDetector.validSsn("123006789")); // group 00
        assertFalse(NationalIdDetector.validSsn("123450000")); // serial 0000
        assertFalse(NationalIdDetector.validSsn("950123456")); // 9xx outside the ITIN groups
        assertTrue(NationalIdDetector.validSsn("912701234")); // ITIN
    }

    @Test
    void ssnShapesAndCues() {
        NationalIdDetector d = new NationalIdDetector();
        assertEquals(List.of("401-64-1321"), found(d, "SSN: 401-64-1321"));
        assertEquals(List.of("548 48 9992"), found(d, "SSN: 548 48 9992"));
        assertEquals(List.of("078051120"), found(d, "SSN 078051120 on file"));
        assertEquals(List.of(), found(d, "order 078051120")); // bare 9 digits need a cue
        assertEquals(List.of(), found(d, "id 666-12-3456"));
        assertEquals(List.of(), found(d, "the meeting 123456789")); // "tin" inside "meeting" is no cue
    }

    @Test
    void ukNino() {
        NationalIdDetector d = new NationalIdDetector();
        assertEquals(List.of("AB123456C"), found(d, "NI no. AB123456C"));
        assertEquals(List.of("JG 10 37 42 B"), found(d, "NINO: JG 10 37 42 B"));
        assertEquals(List.of(), found(d, "QQ123456C")); // Q is not a valid first letter
        assertEquals(List.of(), found(d, "GB123456A")); // GB prefix not allocated
    }

    // ---- IP ----

    @Test
    void ipv4AndIpv6() {
        IpAddressDetector d = new IpAddressDetector();
        assertEquals(List.of("203.0.113.195", "70.41.3.18"), found(d, "X-Forwarded-For: 203.0.113.195, 70.41.3.18"));
        assertEquals(List.of("2001:db8::ff00:42:8329"), found(d, "host 2001:db8::ff00:42:8329 up"));
        assertEquals(List.of("fe80::1c2b:3dff:fe4a:5e6f"), found(d, "inet6 fe80::1c2b:3dff:fe4a:5e6f/64"));
        assertEquals("client=[IP_ADDRESS]", redact("client=::ffff:192.0.2.128"));
        assertEquals(List.of(), found(d, "version 1.2.3.4 and OID 1.3.6.1.4.1.311"));
        assertEquals(List.of(), found(d, "build 10.0.19045.2965"));
        assertEquals(List.of(), found(d, "listen 127.0.0.1 and 0.0.0.0 and ::1"));
        assertEquals(List.of(), found(d, "at 12:30:45, MAC 00:1a:2b:3c:4d:5e, std::vector and Foo::Bar"));
    }

    // ---- email ----

    @Test
    void emails() {
        EmailDetector d = new EmailDetector();
        assertEquals(List.of("petrova+billing@umbrella.de"), found(d, "Contact: petrova+billing@umbrella.de."));
        assertEquals(List.of("tomasz.kowalski%40initech.io"), found(d, "?to=tomasz.kowalski%40initech.io&x=1"));
        assertEquals(List.of(), found(d, "lodash@4.17.21 and @types/node"));
        assertEquals(List.of(), found(d, "git@github.com:acme/api.git"));
        assertEquals(List.of(), found(d, "postgres://admin:pw1@db.example.com/x")); // URL credentials
    }

    // ---- phone ----

    @Test
    void phones() {
        PhoneDetector d = new PhoneDetector("US");
        assertEquals(List.of("(334) 215-0846"), found(d, "Phone (334) 215-0846"));
        assertEquals(List.of("+44 20 8882 9434"), found(d, "Phone +44 20 8882 9434"));
        assertEquals(List.of("+33 6 71 71 49 20"), found(d, "Phone +33 6 71 71 49 20"));
        assertEquals(List.of("4155550132"), found(d, "call 4155550132 tomorrow"));
        assertEquals(List.of("020 7946 0958"), found(d, "My number is 020 7946 0958"));
        assertEquals(List.of(), found(d, "Order #4829103746 shipped")); // bare digits without a cue
        assertEquals(List.of(), found(d, "on 2024-03-05 and 05/03/2024"));
        assertEquals(List.of(), found(d, "ssh 10.20.30.40 -p 2222"));
        assertEquals(List.of(), found(d, "Zoom meeting 845 2291 0034"));
    }

    // ---- secrets ----

    @Test
    void entropy() {
        assertEquals(0.0, Entropy.shannon("aaaa"), 1e-9);
        assertEquals(2.0, Entropy.shannon("abcd"), 1e-9);
        assertTrue(Entropy.looksRandom("kq7ZpW3vNx9TbL2mRc8YdF4h", 0, 24));
        assertFalse(Entropy.looksRandom("tenant_config_v2_backup_2024", 0, 28)); // words
        assertFalse(Entropy.looksRandom("9fceb02d0ae598e95dc970b74767f19372d61af8", 0, 40)); // hex hash kept
        assertFalse(Entropy.looksRandom("kubernetes-dashboard-7f9c8b6d5-x2k4p", 0, 36)); // pod name
        assertFalse(Entropy.looksRandom("short1A", 0, 7));
    }

    @Test
    void vendorPrefixes() {
        SecretDetector d = new SecretDetector();
        assertEquals(List.of("ghp_0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ"), found(d, "key ghp_0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ"));
        assertEquals(List.of("AKIAB8P5QA3E68F7E4QE"), found(d, "AKIAB8P5QA3E68F7E4QE"));
        assertEquals(List.of("xoxb-12217639874-82808375565-xjSI6bWHtP3fS2qHx6kwXoII"),
                found(d, "slack xoxb-12217639874-82808375565-xjSI6bWHtP3fS2qHx6kwXoII"));
        assertTrue(redact("pip install scikit-learn sk-learn").contains("sk-learn")); // no digits: not a key
    }

    @Test
    void jwt() {
        String jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        assertEquals(List.of(jwt), found(new SecretDetector(), "Authorization: Bearer " + jwt).subList(0, 1));
        assertEquals("token [SECRET].", redact("token " + jwt + "."));
    }

    @Test
    void privateKeyBlock() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7s1x\nq2w3e4r5\n-----END RSA PRIVATE KEY-----";
        assertEquals("key: [SECRET] done", redact("key: " + pem + " done"));
        assertEquals("[SECRET]", redact("-----BEGIN OPENSSH PRIVATE KEY-----"));
        assertEquals("-----BEGIN CERTIFICATE-----", redact("-----BEGIN CERTIFICATE-----"));
    }

    @Test
    void urlPassword() {
        assertEquals("psql postgres://[SECRET]@db.internal:5432/app", redact("psql postgres://admin:Velvet1257#saz@db.internal:5432/app"));
        assertEquals("https://[SECRET]@registry.example.com/v2/", redact("https://deploy:Gh7#kP2q@registry.example.com/v2/"));
        assertEquals("https://example.com/a@b", redact("https://example.com/a@b"));
        assertEquals("postgres://user:****@host/db", redact("postgres://user:****@host/db")); // a mask, not a password
    }

    @Test
    void headersAndKeyValues() {
        assertEquals("Authorization: Bearer [SECRET]", redact("Authorization: Bearer abc123def456ghi789"));
        assertEquals("Authorization: Basic [SECRET]", redact("Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l"));
        assertEquals("DB_PASSWORD=[SECRET]", redact("DB_PASSWORD=hunter2"));
        assertEquals("\"password\": \"[SECRET]\",", redact("\"password\": \"Summer2024!\","));
        assertEquals("the wifi password is [SECRET]", redact("the wifi password is Falcon1987#"));
        assertEquals("mysql -u root -p'[SECRET]' -h db", redact("mysql -u root -p'Rocket1999!' -h db"));
        // not secrets
        assertEquals("max_tokens=4096 token_count: 12", redact("max_tokens=4096 token_count: 12"));
        assertEquals("password = getpass.getpass()", redact("password = getpass.getpass()"));
        assertEquals("password: ******", redact("password: ******"));
        assertEquals("secret_key=settings.SECRET_KEY", redact("secret_key=settings.SECRET_KEY"));
        assertEquals("The password reset link expired", redact("The password reset link expired"));
    }

    @Test
    void secretNames() {
        assertEquals(2, SecretDetector.secretName("AWS_SECRET_ACCESS_KEY"));
        assertEquals(2, SecretDetector.secretName("x-api-key"));
        assertEquals(2, SecretDetector.secretName("PGPASSWORD"));
        assertEquals(2, SecretDetector.secretName("clientSecret"));
        assertEquals(1, SecretDetector.secretName("sig"));
        assertEquals(0, SecretDetector.secretName("max_tokens"));
        assertEquals(0, SecretDetector.secretName("password_hint"));
    }

    // ---- address ----

    @Test
    void addresses() {
        AddressDetector d = new AddressDetector();
        assertEquals(List.of("981 Sunset Blvd, Austin, TX 78701"), found(d, "Address: 981 Sunset Blvd, Austin, TX 78701"));
        assertEquals(List.of("350 Fifth Avenue, Suite 3300, New York, NY 10118"),
                found(d, "Office: 350 Fifth Avenue, Suite 3300, New York, NY 10118"));
        assertEquals(List.of("Kingsway 72, 10115 Berlin"), found(d, "Address: Kingsway 72, 10115 Berlin"));
        assertEquals(List.of("221B Baker Street, London NW1 6XE"), found(d, "221B Baker Street, London NW1 6XE"));
        assertEquals(List.of("12 rue de la Paix, 75002 Paris"), found(d, "au 12 rue de la Paix, 75002 Paris"));
        assertEquals(List.of("PO Box 4471, Boise, ID 83711"), found(d, "PO Box 4471, Boise, ID 83711"));
        assertEquals(List.of(), found(d, "Route 66 road trip; Wall Street; 3 Main points"));
        assertEquals(List.of(), found(d, "We shipped $1,250 Street Team swag"));
    }

    // ---- person ----

    @Test
    void persons() {
        PersonDetector d = new PersonDetector();
        assertEquals(List.of("Ngozi Khalil"), found(d, "Name: Ngozi Khalil"));
        assertTrue(found(d, "Hi Oluwaseun, the contract is attached.").contains("Oluwaseun"));
        assertTrue(found(d, "Best,\nMagdalena Wójcik").contains("Magdalena Wójcik"));
        assertTrue(found(d, "Dr. Adebayo Ogunleye will call").contains("Adebayo Ogunleye"));
        assertTrue(found(d, "Xiomara Kowalski approved it").contains("Xiomara Kowalski"));
        assertTrue(found(d, "Will Smith presented").contains("Will Smith"));
        assertTrue(found(d, "thanks priya!").contains("priya"));
        assertTrue(found(d, "@tomasz.kowalski can you approve?").contains("tomasz.kowalski"));
        assertEquals(List.of(), found(d, "The May release of Google Sheets"));
        assertEquals(List.of(), found(d, "Will you Grant access to the Finance Team drive?"));
        assertEquals(List.of(), found(d, "Morgan Stanley and Wells Fargo statements"));
        assertEquals(List.of(), found(d, "Apache Kafka, Visual Studio Code, Microsoft Teams"));
        assertEquals(List.of(), found(d, "Hi team, Hello World, Best Practices"));
        assertEquals(List.of(), found(d, "Kennedy Airport and Johnson & Johnson"));
    }

    @Test
    void nothingToFindIsCheapAndUnchanged() {
        String s = "the quick brown fox jumps over the lazy dog";
        RedactionResult r = TextRedactor.defaults().redact(s);
        assertEquals(s, r.text());
        assertFalse(r.changed());
        assertEquals("", TextRedactor.defaults().redact("").text());
        assertEquals("", TextRedactor.defaults().redact(null).text());
    }
}

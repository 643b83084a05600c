package dev.understudy.privacy.redact;

import java.util.List;

/**
 * Credentials and tokens, one rule a class, run in this order:
 * <ul>
 *   <li>tokens with a vendor prefix (GitHub, GitLab, OpenAI/Anthropic, Stripe, Slack, AWS, Google,
 *       npm, Hugging Face, SendGrid, Shopify, DigitalOcean, Atlassian ...), checked for the
 *       prefix's charset and length: {@link VendorTokenDetector}, with the table in
 *       {@code secret-prefixes.tsv};</li>
 *   <li>JSON Web Tokens ({@code eyJ...}.{@code ...}.{@code ...}): {@link JwtDetector};</li>
 *   <li>PEM private key blocks, BEGIN line to END line (or to the end of the text):
 *       {@link PrivateKeyDetector};</li>
 *   <li>credentials in URLs ({@code scheme://user:pass@host}: the {@code user:pass} part):
 *       {@link UrlCredentialsDetector};</li>
 *   <li>values of keys named like secrets ({@code password=}, {@code "api_key": "..."},
 *       {@code --token X}, {@code DB_PASSWORD=...}, "my password is ..."):
 *       {@link NamedSecretDetector};</li>
 *   <li>Authorization / API key headers and {@code Bearer} tokens: {@link AuthorizationDetector};</li>
 *   <li>passwords after {@code -p} on a command line ({@code mysql -p'...'}):
 *       {@link PasswordFlagDetector};</li>
 *   <li>any other token that looks random by {@link Entropy#looksRandom}:
 *       {@link RandomTokenDetector}.</li>
 * </ul>
 * Texts shorter than 6 characters hold none. Overlaps between the rules' candidates are settled
 * by {@link TextRedactor} (priority, then length).
 */
public final class SecretDetector implements Detector {

    private static final List<Detector> RULES = List.of(new VendorTokenDetector(), new JwtDetector(), new PrivateKeyDetector(),
            new UrlCredentialsDetector(), new NamedSecretDetector(), new AuthorizationDetector(), new PasswordFlagDetector(),
            new RandomTokenDetector());

    @Override
    public EntityKind kind() {
        return EntityKind.SECRET;
    }

    @Override
    public void detect(TextScan scan, List<Candidate> out) {
        if (scan.text().length() < 6) {
            return;
        }
        for (Detector rule : RULES) {
            rule.detect(scan, out);
        }
    }

    /** 0 = not a secret name, 1 = weak (value must look random), 2 = strong. */
    static int secretName(String raw) {
        return NamedSecretDetector.secretName(raw);
    }
}

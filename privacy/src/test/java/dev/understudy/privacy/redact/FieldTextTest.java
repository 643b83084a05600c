package dev.understudy.privacy.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cases issue 13 names, one by one, as a user would check them: the value is gone from the
 * redacted text, the key name or the context stays, the near misses are untouched.
 */
@Tag("unit")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FieldTextTest {

    static final TextRedactor R = TextRedactor.defaults();

    static String red(String s) {
        return R.redact(s).text();
    }

    static void gone(String text, String value) {
        String out = red(text);
        assertFalse(out.contains(value), "«" + value + "» survives in «" + out + "»");
        for (String part : value.split("[^\\p{L}\\p{N}]+")) {
            if (part.length() >= 4) {
                assertFalse(out.contains(part), "«" + part + "» of «" + value + "» survives in «" + out + "»");
            }
        }
    }

    // ---- cards as people type them ----

    @ParameterizedTest
    @ValueSource(strings = {"4539  1488  0343  6467", "4539-1488 0343-6467", "4539 1488-0343 6467",
        "4539 14 88 0343 6467", "4539148803436467", "4539.1488.0343.6467", "4539 - 1488 - 0343 - 6467",
        "４５３９ １４８８ ０３４３ ６４６７"})
    void cards(String card) {
        gone("card " + card + " exp 09/28", card);
    }

    // ---- secrets known by their context ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "password: Kilimanjaro2024!|Kilimanjaro2024|password",
        "  db_password: \"Warsz4wa_22\"|Warsz4wa_22|db_password",
        "passwd = hunter22x|hunter22x|passwd",
        "secret = q8Jd02LmX1vZ7aTq4WcE9rYu|q8Jd02LmX1vZ7aTq4WcE9rYu|secret",
        "token: 9f86d081884c7d659a2feaa0c55ad015|9f86d081884c7d659a2feaa0c55ad015|token",
        "{\"api_key\": \"Zk3LmQ9wX2cV7bN1pR4tY8uI0oP5aS6d\"}|Zk3LmQ9wX2cV7bN1pR4tY8uI0oP5aS6d|api_key",
        "client_secret: 8Q~xYz.ab-12CDefGhIJklMNopQRstUVwx9|8Q~xYz.ab-12CDefGhIJklMNopQRstUVwx9|client_secret",
        "signing_key = 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae|2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae|signing_key",
        "hmac_secret: 0beec7b5ea3f0fdbc95d0dd47f3c5bc275da8a33|0beec7b5ea3f0fdbc95d0dd47f3c5bc275da8a33|hmac_secret",
        "  apiKey: Ab12Cd34Ef56Gh78Ij90Kl12Mn34  # prod|Ab12Cd34Ef56Gh78Ij90Kl12Mn34|apiKey",
        "SECRET_KEY = 'django-insecure-7x!k(2)q=abc$de+fg*hij@klm#nop'|django-insecure-7x!k(2)q=abc$de+fg*hij@klm#nop|SECRET_KEY",
        "DefaultEndpointsProtocol=https;AccountName=store01;AccountKey=Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG8rWFlaMTIzNDU2Nzg5MA==;EndpointSuffix=core.windows.net|Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG8rWFlaMTIzNDU2Nzg5MA==|AccountKey",
        "curl -u jiri.novak:S3cr3t.Pa55 https://api.example.com/v1/items|S3cr3t.Pa55|curl -u",
        "curl --user deploy:hunter2hunter2 https://ci.example.com|hunter2hunter2|curl --user",
        "Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l|YWxhZGRpbjpvcGVuc2VzYW1l|Authorization: Basic",
        "GITLAB_TOKEN=glpat-xY7_Abc12-DEfgh34IJkl|glpat-xY7_Abc12-DEfgh34IJkl|GITLAB_TOKEN",
        "my token glpat-Ab3dEf6hIj9kLm2nOp5q expires friday|glpat-Ab3dEf6hIj9kLm2nOp5q|my token",
        "OPENAI_API_KEY=sk-proj-AbC1dEf2GhI3jKl4MnO5pQr6StU7vWx8YzA9bCd0EfG1hIj2|sk-proj-AbC1dEf2GhI3jKl4MnO5pQr6StU7vWx8YzA9bCd0EfG1hIj2|OPENAI_API_KEY",
        "//registry.npmjs.org/:_authToken=npm_AbCdEf0123456789GhIjKlMnOpQrStUvWxYz|npm_AbCdEf0123456789GhIjKlMnOpQrStUvWxYz|_authToken",
        "mysql://app:Dublin_01*@db.internal:3306/shop|Dublin_01|mysql://",
        "the wifi password is Nairobi2024#|Nairobi2024|the wifi password is",
    })
    void secretsByContext(String text, String value, String stays) {
        gone(text, value);
        assertTrue(red(text).contains(stays), "the key must stay: " + red(text));
    }

    @Test
    void aBareGlpatOrNpmTokenIsASecret() {
        gone("use glpat-Ab3dEf6hIj9kLm2nOp5q for the runner", "glpat-Ab3dEf6hIj9kLm2nOp5q");
        gone("npm_AbCdEf0123456789GhIjKlMnOpQrStUvWxYz", "npm_AbCdEf0123456789GhIjKlMnOpQrStUvWxYz");
    }

    // ---- names ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "thanks priya|priya",
        "ok thanks priya, will do|priya",
        "Meeting with Pieter van der Berg at 3|Pieter van der Berg",
        "Ask Juan de la Cruz about it|Juan de la Cruz",
        "Karim El Amrani joined the call|Karim El Amrani",
        "Aoife Ní Bhriain approved it|Aoife Ní Bhriain",
        "Dear Dr. Ndlovu,|Dr. Ndlovu",
        "Hi Oluwaseun Adeyemi, the deck is ready|Oluwaseun Adeyemi",
        "I spoke to Nguyễn Thị Thảo yesterday|Nguyễn Thị Thảo",
        "Assignee: Şebnem Yılmaz|Şebnem Yılmaz",
        "Contact person: Małgorzata Wiśniewska|Małgorzata Wiśniewska",
        "Reviewer Jiří Dvořák approved the change|Jiří Dvořák",
        "Meeting with Kalani Kahananui moved to Monday|Kalani Kahananui",
        "Can Wayra Quispe Mamani cover for me?|Wayra Quispe Mamani",
        "Siobhán Ó Súilleabháin will join from Cork|Siobhán Ó Súilleabháin",
        "Wanjiku Kamau starts Monday|Wanjiku Kamau",
    })
    void names(String text, String name) {
        gone(text, name);
    }

    // ---- addresses ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Adresse : 71 bis rue de la République, 69003 Lyon|71 bis rue de la République|69003",
        "Adres: ul. Marszałkowska 59/42, 00-624 Warszawa|Marszałkowska 59/42|00-624",
        "Bezoekadres Prinsengracht 263, 1015 CJ Amsterdam|Prinsengracht 263|1015 CJ",
        "Dirección: Calle Mayor 5, 3º B, 28013 Madrid|Calle Mayor 5, 3º B|28013",
        "Deliver to Flat 3, 22 Baker Street, London NW1 6XE|Flat 3, 22 Baker Street|NW1 6XE",
        "Mailing address: 500 Market Street, Suite 400, San Francisco, CA 94103|500 Market Street, Suite 400|94103",
        "Lieferadresse: Friedrichstraße 112, 10117 Berlin|Friedrichstraße 112|10117",
        "Indirizzo: Via Garibaldi 12/B, 20121 Milano|Via Garibaldi 12/B|20121",
    })
    void addresses(String text, String street, String postcode) {
        gone(text, street);
        gone(text, postcode);
    }

    // ---- near misses stay ----

    @ParameterizedTest
    @ValueSource(strings = {"request 3f2b8c1e-9a4d-4e2b-8f1a-6c7d9e0f1a2b failed",
        "git cherry-pick 9fceb02d0ae598e95dc970b74767f19372d61af8", "set the colour to #1E90FF",
        "deployed at 2026-03-05T14:22:09Z", "reorder SKU-KLM-48213", "paid INV-2026-00417",
        "meet at the Berlin office", "the Jenkins pipeline failed", "open Visual Studio Code",
        "Rechnung Nr. 2026-55120", "FV/2026/10342 sent"})
    void nearMissesStay(String text) {
        assertEquals(text, red(text));
    }
}

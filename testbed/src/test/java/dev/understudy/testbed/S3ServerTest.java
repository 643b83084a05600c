package dev.understudy.testbed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Starts a real s3proxy (in its own JVM), uses it through AWS SDK v2 and stops it. */
@Tag("e2e")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class S3ServerTest {

    @Test
    void startsUsesAndStopsARealServer() throws Exception {
        Path dir;
        int port;
        try (S3Server s3 = S3Server.start()) {
            dir = s3.blobsDirectory().getParent();
            port = s3.port();
            assertEquals("http://127.0.0.1:" + port, s3.endpoint());
            assertEquals("s3://blobs?endpoint=http://127.0.0.1:" + port + "&region=us-east-1&access_key=" + s3.accessKey()
                    + "&secret_key=" + s3.secretKey(), s3.blobsUri("blobs"));
            s3.createBucket("blobs");

            byte[] chunk = new byte[1024 * 1024 + 17];
            new Random(7).nextBytes(chunk);
            try (S3Client c = s3.client()) {
                c.putObject(b -> b.bucket("blobs").key("chunks/ab/abcdef"), RequestBody.fromBytes(chunk));
                c.putObject(b -> b.bucket("blobs").key("chunks/cd/cdef01"), RequestBody.fromString("small"));
                c.putObject(b -> b.bucket("blobs").key("sessions/s1/manifest.json"), RequestBody.fromString("{}"));

                assertArrayEquals(chunk, c.getObjectAsBytes(b -> b.bucket("blobs").key("chunks/ab/abcdef")).asByteArray());
                assertEquals(chunk.length, c.headObject(b -> b.bucket("blobs").key("chunks/ab/abcdef")).contentLength());
                List<String> keys = c.listObjectsV2Paginator(b -> b.bucket("blobs").prefix("chunks/")).contents().stream()
                        .map(S3Object::key).sorted().collect(Collectors.toList());
                assertEquals(List.of("chunks/ab/abcdef", "chunks/cd/cdef01"), keys);
                assertThrows(NoSuchKeyException.class, () -> c.getObjectAsBytes(b -> b.bucket("blobs").key("chunks/none")));
                c.deleteObject(b -> b.bucket("blobs").key("chunks/cd/cdef01"));
                assertEquals(1, c.listObjectsV2(b -> b.bucket("blobs").prefix("chunks/")).keyCount());
            }
            // the filesystem back end: objects are files
            assertTrue(Files.size(s3.blobsDirectory().resolve("blobs/chunks/ab/abcdef")) == chunk.length);

            // a wrong secret is refused: authentication is on
            try (S3Client wrong = S3Client.builder().endpointOverride(s3.endpointUri()).region(Region.US_EAST_1).forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), "wrong-secret")))
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                S3Exception e = assertThrows(S3Exception.class, () -> wrong.listObjectsV2(b -> b.bucket("blobs")));
                assertEquals(403, e.statusCode());
            }
        }
        assertFalse(Files.exists(dir), "close() deletes the objects");
        assertFalse(listening(port), "close() stops s3proxy");
    }

    @Test
    void classpathOfTheChildJvmWasResolvedAtBuildTime() {
        String cp = S3Server.s3proxyClasspath();
        assertTrue(cp.contains("s3proxy-" + S3Server.S3PROXY_VERSION + ".jar"), cp);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

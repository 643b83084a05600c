package dev.understudy.collector.blob;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Blobs in an S3 bucket (AWS or any S3-compatible server), path-style:
 * {@code s3://BUCKET[/PREFIX]?endpoint=http://host:port&region=us-east-1[&access_key=..&secret_key=..]}.
 * Credentials from the query, else {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}. A PUT
 * returns once S3 answered 200: the object is durable.
 */
public final class S3BlobStore implements BlobStore {
    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final String uri;

    private S3BlobStore(S3Client s3, String bucket, String prefix, String uri) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.uri = uri;
    }

    public static S3BlobStore open(URI uri) {
        String bucket = uri.getHost();
        if (bucket == null || bucket.isBlank()) bucket = uri.getAuthority();
        if (bucket == null || bucket.isBlank()) throw new IllegalArgumentException("blobs URI " + uri + " names no bucket (s3://BUCKET?endpoint=...)");
        Map<String, String> q = query(uri.getRawQuery());
        String prefix = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+", "");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) prefix += "/";
        var b = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .forcePathStyle(true)
                .region(Region.of(q.getOrDefault("region", "us-east-1")));
        if (q.containsKey("endpoint")) b.endpointOverride(URI.create(q.get("endpoint")));
        AwsCredentialsProvider creds;
        if (q.containsKey("access_key") && q.containsKey("secret_key")) {
            creds = StaticCredentialsProvider.create(AwsBasicCredentials.create(q.get("access_key"), q.get("secret_key")));
        } else {
            creds = EnvironmentVariableCredentialsProvider.create();
        }
        b.credentialsProvider(creds);
        return new S3BlobStore(b.build(), bucket, prefix, uri.toString());
    }

    static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return m;
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            m.put(k, v);
        }
        return m;
    }

    private static IOException io(String what, SdkException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        return new IOException("S3 " + what + ": " + m, e);
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        try {
            s3.putObject(r -> r.bucket(bucket).key(prefix + key).contentLength((long) bytes.length), RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw io("put " + key, e);
        }
    }

    @Override
    public byte[] get(String key) throws IOException {
        try {
            return s3.getObjectAsBytes(r -> r.bucket(bucket).key(prefix + key)).asByteArray();
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return null;
            throw io("get " + key, e);
        } catch (SdkException e) {
            throw io("get " + key, e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            s3.headObject(r -> r.bucket(bucket).key(prefix + key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return false;
            throw io("head " + key, e);
        } catch (SdkException e) {
            throw io("head " + key, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(prefix + key));
        } catch (SdkException e) {
            throw io("delete " + key, e);
        }
    }

    @Override
    public void deletePrefix(String p) throws IOException {
        try {
            String token = null;
            do {
                ListObjectsV2Request.Builder lr = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix + p);
                if (token != null) lr.continuationToken(token);
                ListObjectsV2Response res = s3.listObjectsV2(lr.build());
                List<ObjectIdentifier> ids = new ArrayList<>();
                for (S3Object o : res.contents()) ids.add(ObjectIdentifier.builder().key(o.key()).build());
                if (!ids.isEmpty()) {
                    s3.deleteObjects(DeleteObjectsRequest.builder().bucket(bucket).delete(Delete.builder().objects(ids).build()).build());
                }
                token = Boolean.TRUE.equals(res.isTruncated()) ? res.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException e) {
            throw io("delete " + p, e);
        }
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public void close() {
        s3.close();
    }
}

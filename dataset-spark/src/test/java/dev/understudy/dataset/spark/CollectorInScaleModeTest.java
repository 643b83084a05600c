package dev.understudy.dataset.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.understudy.collector.CollectorServer;
import dev.understudy.collector.ServerConfig;
import dev.understudy.collector.admin.ServerAdmin;
import dev.understudy.dataset.DatasetTransforms.TaskOptions;
import dev.understudy.dataset.build.BuildOptions;
import dev.understudy.dataset.build.BuildReport;
import dev.understudy.dataset.build.DatasetBuilder;
import dev.understudy.testbed.Ports;
import dev.understudy.testbed.PostgresServer;
import dev.understudy.testbed.S3Server;
import dev.understudy.trace.DataDir;
import dev.understudy.uploader.CollectorLink;
import dev.understudy.uploader.Uploader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both engines read a collector in scale mode: metadata in a real PostgreSQL, sealed blobs in a real S3 API server
 * (s3proxy), after a device enrolled and uploaded to it. The Spark job reads it the way executors on a cluster would
 * (the collector's directory with its server.json and master key, the database and the bucket reachable).
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class CollectorInScaleModeTest {
    @TempDir
    Path tmp;

    @Test
    void sessionsUploadedToPostgresAndS3BuildTheSameRowsWithBothEngines() throws Exception {
        try (PostgresServer pg = PostgresServer.start(); S3Server s3 = S3Server.start()) {
            s3.createBucket("understudy");
            Path server = tmp.resolve("collector");
            Path device = tmp.resolve("device");
            Set<String> recorded = new TreeSet<>();
            for (long s = 1; s <= 3; s++) recorded.add(Corpus.session(device, s, 6 + (int) s * 2, 4, 320, 200));
            ServerConfig config = ServerConfig.of(server).withPort(Ports.free()).withBind("127.0.0.1")
                    .withDb(pg.jdbcUrl()).withBlobs(s3.blobsUri("understudy"));
            try (CollectorServer srv = CollectorServer.start(config)) {
                String token;
                try (ServerAdmin admin = ServerAdmin.open(server)) {
                    token = admin.createEnrollToken("growth", Duration.ofHours(1));
                }
                CollectorLink link = CollectorLink.at(device);
                link.enroll(URI.create(srv.url()), token, "alice");
                try (DataDir dd = DataDir.at(device)) {
                    Uploader.PassResult r = new Uploader(dd, link, () -> 0).pass(true);
                    assertEquals(3, r.uploaded(), "uploaded: " + r);
                }
            }
            assertTrue(Files.readString(server.resolve("server.json")).contains("postgresql"), "the collector's metadata is in PostgreSQL");

            BuildReport local = DatasetBuilder.build(new BuildOptions(List.of(server), tmp.resolve("local"), "hf", null, Set.of(), null, 0, 1,
                    Set.of(), TaskOptions.DEFAULTS.idleGapMillis(), 500_000_000L), DatasetBuilder.Progress.NONE);
            SparkDatasetJob.Options o = SparkDatasetJob.Options.of(List.of(server), tmp.resolve("spark")).withMaster("local[2]").withPartitions(2);
            SparkDatasetJob.Report spark;
            try (JavaSparkContext sc = new JavaSparkContext(SparkDatasetJob.conf(o))) {
                sc.setLogLevel("WARN");
                spark = SparkDatasetJob.run(sc, o);
            }
            assertEquals(3, local.sessionsRead(), "local engine: " + local);
            assertEquals(3, spark.sessions(), "spark: " + spark);
            assertTrue(spark.skipped().isEmpty(), "nothing skipped: " + spark.skipped());
            assertEquals(local.rows(), spark.rows());

            List<Map<String, Object>> a = SparkDatasetJobTest.Parquet.rows(tmp.resolve("local/data"));
            List<Map<String, Object>> b = SparkDatasetJobTest.Parquet.rows(tmp.resolve("spark/data"));
            assertEquals(a.size(), b.size());
            Set<String> sessions = new TreeSet<>();
            for (Map<String, Object> row : b) sessions.add((String) row.get("session_id"));
            assertEquals(recorded, sessions, "every uploaded session, by its own id");
            for (Map<String, Object> row : b) {
                assertTrue(row.get("image") != null, "an image in every row: " + row.get("episode_id"));
            }
        }
    }
}

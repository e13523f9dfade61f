package bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Bench only: the same embedded Neo4j 5.26 Community as neo4j/ (same jars, Bolt on 127.0.0.1,
 * auth on, same transaction and page-cache limits) but with LOAD CSV allowed to read file:///
 * URLs confined to one import directory. It exists only for the LOAD CSV baseline of the load
 * benchmark: the app's launcher (neo4j/) disables file URLs and blocks loopback HTTP on purpose,
 * and is left untouched. Compiled and started by bench/neo4j-csv.ts into .data/bench.
 * Env: BENCH_PORT, BENCH_HOME, BENCH_IMPORT, BENCH_PASSWORD, BENCH_PAGECACHE (bytes),
 * BENCH_TX_MEMORY (bytes). Prints NEO4J_READY bolt://127.0.0.1:port when up; stops on stdin EOF.
 */
public final class BenchCsvNeo4j {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv("BENCH_PORT"));
        Path home = Path.of(System.getenv("BENCH_HOME")).toAbsolutePath();
        Path importDir = Path.of(System.getenv("BENCH_IMPORT")).toAbsolutePath();
        String password = System.getenv("BENCH_PASSWORD");
        long pageCache = Long.parseLong(System.getenv("BENCH_PAGECACHE"));
        long txMemory = Long.parseLong(System.getenv("BENCH_TX_MEMORY"));
        Files.createDirectories(home.resolve("plugins"));
        Files.createDirectories(importDir);
        System.setOut(System.err);
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.allow_file_urls, true)
                .setConfig(GraphDatabaseSettings.load_csv_file_url_root, importDir)
                .setConfig(GraphDatabaseSettings.plugin_dir, home.resolve("plugins"))
                .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of())
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(600))
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, txMemory)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .build();
        dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                "ALTER USER neo4j SET PLAINTEXT PASSWORD $p CHANGE NOT REQUIRED", Map.of("p", password));
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown));
        System.err.flush();
        System.console();
        java.io.PrintStream out = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);
        out.println("NEO4J_READY bolt://127.0.0.1:" + port);
        byte[] buf = new byte[256];
        while (System.in.read(buf) >= 0) {
            // wait for the parent to close stdin
        }
        dbms.shutdown();
        System.exit(0);
    }
}

package local.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import inet.ipaddr.IPAddressString;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingValueParsers;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs an embedded Neo4j Community DBMS with only the Bolt connector, bound to 127.0.0.1.
 *
 * <p>Contract with the parent process:
 * <ul>
 *   <li>stdout: exactly one line {@code NEO4J_READY bolt://127.0.0.1:<port>} once the DBMS is up
 *       and the password of {@code neo4j} has been set;</li>
 *   <li>stderr: {@code NEO4J_ERROR <message>} on failure;</li>
 *   <li>exit codes: 0 clean shutdown, 1 other failure, 2 bad password, 3 port in use,
 *       4 data directory locked by another Neo4j process.</li>
 * </ul>
 */
public final class LocalNeo4j {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_BAD_PASSWORD = 2;
    static final int EXIT_PORT_IN_USE = 3;
    static final int EXIT_DATA_DIR_LOCKED = 4;

    static final String HOST = "127.0.0.1";
    static final String ADMIN_USER = "neo4j";
    static final Duration ADMIN_TX_TIMEOUT = Duration.ofMinutes(5);

    /**
     * Targets LOAD CSV must never reach: "this host", loopback, RFC 1918 private ranges, carrier-grade
     * NAT, link-local, multicast/reserved, and their IPv6 counterparts (loopback, unspecified,
     * unique-local, link-local, multicast).
     */
    static final List<String> IP_BLOCKLIST = List.of(
            "0.0.0.0/8",
            "10.0.0.0/8",
            "100.64.0.0/10",
            "127.0.0.0/8",
            "169.254.0.0/16",
            "172.16.0.0/12",
            "192.168.0.0/16",
            "224.0.0.0/4",
            "240.0.0.0/4",
            "::1/128",
            "::/128",
            "fc00::/7",
            "fe80::/10",
            "ff00::/8");

    private static final PrintStream STDOUT = System.out;
    private static final PrintStream STDERR = System.err;

    private static final Object LOCK = new Object();
    private static volatile DatabaseManagementService managementService;
    private static volatile Log4jLogProvider userLog;
    private static boolean stopped;
    private static volatile boolean shutdownRequested;
    /** --cds-training: start on a free port, run the app's kind of queries, stop (build time). */
    private static boolean cdsTraining;

    private LocalNeo4j() {}

    static final class StartupFailure extends RuntimeException {
        final int exitCode;

        StartupFailure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    public static void main(String[] args) {
        // Keep stdout clean: only the READY line goes there. Anything else that tries to print to
        // stdout (third-party libraries) is redirected to stderr.
        System.setOut(STDERR);
        // JVM properties the Neo4j server launcher would set (must precede any Log4j/Netty use).
        System.setProperty("log4j2.disable.jmx", "true");
        System.setProperty("io.netty.tryReflectionSetAccessible", "true");

        boolean watchStdin = false;
        for (String arg : args) {
            if ("--watch-stdin".equals(arg)) {
                watchStdin = true;
            } else if ("--cds-training".equals(arg)) {
                cdsTraining = true;
            } else {
                fail(EXIT_FAILURE, "unknown argument: " + arg);
            }
        }

        // Install shutdown triggers first: a signal or stdin EOF during start-up waits for build()
        // to finish (stop() takes LOCK) and then shuts the DBMS down cleanly, exit code 0.
        Runtime.getRuntime().addShutdownHook(new Thread(LocalNeo4j::stop, "local-neo4j-shutdown"));
        installSignalHandler("TERM");
        installSignalHandler("INT");
        if (watchStdin) {
            Thread watcher = new Thread(LocalNeo4j::watchStdin, "local-neo4j-stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
        }

        try {
            run();
            if (cdsTraining) {
                stop();
                System.exit(EXIT_OK);
            }
        } catch (StartupFailure e) {
            fail(e.exitCode, e.getMessage());
        } catch (Throwable t) {
            fail(EXIT_FAILURE, describe(t));
        }
    }

    private static void run() throws Exception {
        int port = cdsTraining ? freePort() : parsePort(env("NEO4J_LOCAL_PORT", "7687"));
        Path home = Path.of(env("NEO4J_DATA_DIR", ".data/neo4j")).toAbsolutePath().normalize();
        String password = env("NEO4J_PASSWORD", "explorer-local");
        Duration txTimeout = parse("NEO4J_TX_TIMEOUT", env("NEO4J_TX_TIMEOUT", "30s"), true);
        long txMemoryMax = parseBytes("NEO4J_TX_MEMORY_MAX", env("NEO4J_TX_MEMORY_MAX", "1g"));
        long pageCache = parseBytes("NEO4J_PAGECACHE", env("NEO4J_PAGECACHE", "1g"));

        int minPasswordLength = GraphDatabaseSettings.auth_minimum_password_length.defaultValue();
        if (password.length() < minPasswordLength) {
            throw new StartupFailure(EXIT_BAD_PASSWORD, "NEO4J_PASSWORD must be at least "
                    + minPasswordLength + " characters long (got " + password.length() + ")");
        }

        checkPortFree(port);
        checkNotLocked(home);

        Path plugins = home.resolve("plugins");
        Path logs = home.resolve("logs");
        for (Path dir : List.of(home, plugins, logs)) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new StartupFailure(EXIT_FAILURE, "cannot create directory " + dir + ": " + e.getClass().getSimpleName() + " " + describe(e));
            }
        }

        List<IPAddressString> blocklist = new ArrayList<>();
        for (String cidr : IP_BLOCKLIST) {
            blocklist.add(SettingValueParsers.CIDR_IP.parse(cidr));
        }

        OutputStream userLogFile = Files.newOutputStream(logs.resolve("neo4j.log"),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        userLog = new Log4jLogProvider(userLogFile, Level.INFO);

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                .setUserLogProvider(userLog)
                // Bolt on loopback only, no TLS (loopback traffic).
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                // The Bolt server waits 5s + 5s by default on shutdown even when idle; databases
                // (and their transactions) are already stopped by then, so keep it short.
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                // No HTTP(S) endpoints.
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                // Auth on.
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // LOAD CSV: no local files, no internal network targets.
                .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                .setConfig(GraphDatabaseInternalSettings.cypher_ip_blocklist, blocklist)
                // No plugins, no extra procedure privileges.
                .setConfig(GraphDatabaseSettings.plugin_dir, plugins)
                .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of())
                // No phoning home.
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Resource limits.
                .setConfig(GraphDatabaseSettings.transaction_timeout, txTimeout)
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, txMemoryMax)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache);

        DatabaseManagementService dbms;
        synchronized (LOCK) {
            if (stopped) {
                return;
            }
            try {
                dbms = builder.build();
            } catch (Throwable t) {
                closeUserLog();
                if (isLockFailure(t)) {
                    throw lockedFailure(home);
                }
                throw t;
            }
            managementService = dbms;
        }

        try {
            setPassword(dbms, password);
        } catch (Throwable t) {
            if (shutdownRequested) {
                return; // stopped while starting; the stopping thread exits with 0
            }
            stop();
            throw new StartupFailure(EXIT_FAILURE,
                    "could not set the password of user " + ADMIN_USER + ": " + describe(t));
        }

        synchronized (LOCK) {
            if (stopped) {
                return;
            }
            STDOUT.println("NEO4J_READY bolt://" + HOST + ":" + port);
            STDOUT.flush();
        }
        if (cdsTraining) {
            exercise(dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME));
            return;
        }

        // Keep the main thread alive until shutdown; Neo4j's threads are mostly daemons.
        synchronized (LOCK) {
            while (!stopped) {
                LOCK.wait();
            }
        }
    }

    /**
     * The kind of work the app does after a start (schema, merge, full-text search, expansion,
     * shortest paths), so the class-data-sharing archive dumped at exit holds the classes it loads.
     */
    private static void exercise(GraphDatabaseService db) {
        List<String> statements = List.of(
                "CREATE CONSTRAINT cds_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
                "CREATE FULLTEXT INDEX cds_entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.aliases]",
                "CREATE INDEX cds_entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)",
                "CALL db.awaitIndexes(60)",
                "UNWIND range(1, 50) AS i MERGE (n:Entity:Organization {id: 'org:' + i}) "
                        + "SET n.name = 'Org ' + i, n.date = date('2025-06-12') "
                        + "WITH collect(n) AS ns UNWIND range(0, size(ns) - 2) AS j "
                        + "WITH ns[j] AS a, ns[j + 1] AS b MERGE (a)-[r:OWNS]->(b) SET r.share = 0.49",
                "CALL db.index.fulltext.queryNodes('cds_entity_names', 'org~') YIELD node, score "
                        + "RETURN node.id, score LIMIT 10",
                "MATCH (n:Entity {id: 'org:1'})-[r*1..3]-(m) RETURN count(m)",
                "MATCH p = allShortestPaths((a:Entity {id: 'org:1'})-[*..10]-(b:Entity {id: 'org:9'})) "
                        + "RETURN length(p)",
                "MATCH (n) RETURN labels(n), count(*)",
                "EXPLAIN MATCH (n:Entity) WHERE n.name STARTS WITH 'O' RETURN n");
        for (String statement : statements) {
            try (Transaction tx = db.beginTx(ADMIN_TX_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                tx.execute(statement).accept(row -> true);
                tx.commit();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    /** Sets the neo4j user's password; works on first start and on every later start. */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            runAdmin(system, "ALTER USER " + ADMIN_USER + " SET PLAINTEXT PASSWORD $p CHANGE NOT REQUIRED",
                    Map.of("p", password));
        } catch (RuntimeException e) {
            // Neo4j refuses to "change" a password to the value it already has; that is fine here,
            // we only need to make sure no change is required at the next login.
            if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                throw e;
            }
            runAdmin(system, "ALTER USER " + ADMIN_USER + " SET PASSWORD CHANGE NOT REQUIRED", Map.of());
        }
    }

    /**
     * Runs an administration command with its own generous timeout: the first Cypher statement in a
     * fresh JVM can take several seconds, which must not trip a short NEO4J_TX_TIMEOUT.
     */
    private static void runAdmin(GraphDatabaseService system, String cypher, Map<String, Object> params) {
        try (Transaction tx = system.beginTx(ADMIN_TX_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            tx.execute(cypher, params).close();
            tx.commit();
        }
    }

    private static void installSignalHandler(String name) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                shutdownRequested = true;
                Thread t = new Thread(() -> {
                    stop();
                    System.exit(EXIT_OK);
                }, "local-neo4j-signal-" + name);
                t.start();
            });
        } catch (Throwable ignored) {
            // Fall back to the shutdown hook (exit status will then be 128+signal).
        }
    }

    private static void watchStdin() {
        InputStream in = System.in;
        byte[] buf = new byte[1024];
        try {
            while (in.read(buf) >= 0) {
                // discard
            }
        } catch (IOException ignored) {
            // treat as EOF
        }
        STDERR.println("local-neo4j: stdin closed, shutting down");
        shutdownRequested = true;
        stop();
        System.exit(EXIT_OK);
    }

    /** Idempotent, thread-safe clean shutdown. */
    static void stop() {
        synchronized (LOCK) {
            if (stopped) {
                return;
            }
            DatabaseManagementService dbms = managementService;
            if (dbms != null) {
                try {
                    dbms.shutdown();
                } catch (Throwable t) {
                    STDERR.println("local-neo4j: error during shutdown: " + describe(t));
                }
            }
            closeUserLog();
            stopped = true;
            LOCK.notifyAll();
        }
    }

    private static void closeUserLog() {
        Log4jLogProvider log = userLog;
        userLog = null;
        if (log != null) {
            try {
                log.close();
            } catch (Throwable ignored) {
                // best effort
            }
        }
    }

    private static void checkPortFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
        } catch (IOException e) {
            throw new StartupFailure(EXIT_PORT_IN_USE, "port " + port + " on " + HOST + " is already in use");
        }
    }

    /**
     * Probes Neo4j's DBMS-wide store lock without creating or modifying anything, so that a second
     * instance on the same directory fails before Neo4j opens any file. Neo4j's own lock failure is
     * still handled after build() as a fallback.
     */
    private static void checkNotLocked(Path home) {
        Path storeLock = home.resolve("data").resolve("databases").resolve("store_lock");
        if (!Files.isRegularFile(storeLock)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(storeLock, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw lockedFailure(home);
            }
            lock.release();
        } catch (IOException e) {
            // Could not probe (e.g. permissions): let Neo4j decide.
        }
    }

    private static StartupFailure lockedFailure(Path home) {
        return new StartupFailure(EXIT_DATA_DIR_LOCKED,
                "data directory " + home + " is in use by another Neo4j process");
    }

    private static boolean isLockFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getClass().getSimpleName().equals("FileLockException")) {
                return true;
            }
            for (Throwable s : c.getSuppressed()) {
                if (isLockFailure(s)) {
                    return true;
                }
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    private static String env(String name, String def) {
        String v = System.getenv(name);
        return (v == null || v.isEmpty()) ? def : v;
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new StartupFailure(EXIT_FAILURE, "NEO4J_LOCAL_PORT must be a port number 1-65535, got '" + value + "'");
        }
    }

    private static Duration parse(String name, String value, boolean positive) {
        try {
            Duration d = SettingValueParsers.DURATION.parse(value.trim());
            if (positive && (d.isNegative() || d.isZero())) {
                throw new IllegalArgumentException("must be positive");
            }
            return d;
        } catch (RuntimeException e) {
            throw new StartupFailure(EXIT_FAILURE, name + " must be a positive duration like 30s or 2m, got '" + value + "'");
        }
    }

    private static long parseBytes(String name, String value) {
        try {
            long bytes = SettingValueParsers.BYTES.parse(value.trim());
            if (bytes <= 0) {
                throw new IllegalArgumentException("must be positive");
            }
            return bytes;
        } catch (RuntimeException e) {
            throw new StartupFailure(EXIT_FAILURE, name + " must be a positive size like 512m or 1g, got '" + value + "'");
        }
    }

    private static String describe(Throwable t) {
        // Use the deepest meaningful message; Neo4j wraps root causes several levels deep.
        StringBuilder sb = new StringBuilder();
        String last = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            String msg = c.getMessage();
            if (msg != null && !msg.isBlank() && (last == null || !last.contains(msg))) {
                if (sb.length() > 0) {
                    sb.append(": ");
                }
                sb.append(msg.replace('\n', ' ').trim());
                last = msg;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return sb.length() > 0 ? sb.toString() : t.getClass().getName();
    }

    private static void fail(int code, String message) {
        STDERR.println("NEO4J_ERROR " + message);
        STDERR.flush();
        // halt: no shutdown hooks needed (nothing started or already stopped), and avoid
        // any chance of lingering non-daemon threads keeping the JVM alive.
        stop();
        Runtime.getRuntime().halt(code);
    }
}

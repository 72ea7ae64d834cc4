package lea.graph;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * LEA Graph's local Neo4j: Neo4j Community as an embedded {@link DatabaseManagementService}
 * with the Bolt connector on 127.0.0.1 and a free port, authentication on.
 *
 * <p>Started by {@code scripts/neo4j-local.sh}, which gives the heap limit ({@code -Xmx}) and
 * writes the generated password to {@code DIR/run/password} (mode 600) before starting this
 * program. The database lives in {@code DIR/db} and is reused by the next start on the same
 * DIR. Once the database answers and the password is set, the Bolt address is written to
 * {@code DIR/run/neo4j.json} (atomically): that file existing means "ready". SIGTERM shuts the
 * database down cleanly; after a SIGKILL, Neo4j recovers from its transaction log at the next
 * start.
 *
 * <p>Arguments: {@code DIR [PAGECACHE [PORT [TXMEMORY]]]}: PAGECACHE is the page cache size
 * such as {@code 256m} (default 256m); PORT the Bolt port to use if it is free (the previous
 * start's, so that clients reconnect after a restart), else any free port; TXMEMORY the most
 * memory one transaction may take ({@code db.memory.transaction.max}, default 512m): a
 * console query that would hold more stops with an error instead of filling the heap.
 */
public final class Neo4jLocal {

    private Neo4jLocal() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            // The database's own threads would keep the JVM running: end it, so that the
            // script sees the start fail at once.
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("gebruik: Neo4jLocal DIR [PAGECACHE [PORT [TXMEMORY]]]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        long pageCache = bytes(args.length > 1 ? args[1] : "256m");
        int port = args.length > 2 ? freeOrZero(Integer.parseInt(args[2])) : 0;
        long transactionMemory = bytes(args.length > 3 ? args[3] : "512m");
        Path run = dir.resolve("run");
        Path state = run.resolve("neo4j.json");
        Files.deleteIfExists(state);
        String password = Files.readString(run.resolve("password"), StandardCharsets.UTF_8).strip();

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(dir.resolve("db"))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // No file access from Cypher (LOAD CSV): the console is read-only anyway.
                .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(30))
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, transactionMemory)
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }, "lea-neo4j-shutdown"));

        // The one user of a Community database gets DIR's password (unless it has it).
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (QueryExecutionException e) {
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                dbms.shutdown();
                throw e;
            }
        }

        GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        db.executeTransactionally("RETURN 1");
        HostnamePort bolt = db.getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT);
        String json = String.format(
                "{\"pid\": %d, \"host\": \"%s\", \"port\": %d, \"uri\": \"bolt://%s:%d\", \"neo4j\": \"%s\"}%n",
                ProcessHandle.current().pid(), bolt.getHost(), bolt.getPort(), bolt.getHost(),
                bolt.getPort(), org.neo4j.kernel.internal.Version.getNeo4jVersion());
        Path tmp = run.resolve("neo4j.json.tmp");
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, state, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.println("Neo4j luistert op bolt://" + bolt.getHost() + ":" + bolt.getPort());
        stopped.await();
    }

    /** {@code port} if nothing listens on it on 127.0.0.1, else 0 (any free port). */
    static int freeOrZero(int port) {
        if (port <= 0) {
            return 0;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return port;
        } catch (IOException e) {
            return 0;
        }
    }

    /** "256m", "1g", "1024k" or a number of bytes. */
    static long bytes(String text) {
        String t = text.strip().toLowerCase();
        long unit = 1;
        if (t.endsWith("k")) {
            unit = 1024L;
        } else if (t.endsWith("m")) {
            unit = 1024L * 1024;
        } else if (t.endsWith("g")) {
            unit = 1024L * 1024 * 1024;
        }
        if (unit > 1) {
            t = t.substring(0, t.length() - 1);
        }
        return Long.parseLong(t) * unit;
    }
}

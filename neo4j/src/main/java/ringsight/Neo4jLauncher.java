package ringsight;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.io.ByteUnit;

/**
 * ringsight: runs a local Neo4j 5.26 Community DBMS (embedded artifact) with a Bolt
 * connector on 127.0.0.1, for development and CI. Started by store/neo4j/server.ts.
 *
 * Usage: Neo4jLauncher HOME BOLT_PORT [PAGE_CACHE [SETTING=VALUE ...]]   (HOME holds data/ and logs/;
 * settings are Neo4j configuration settings, e.g. db.tx_log.rotation.size=1g)
 * Auth: if RINGSIGHT_NEO4J_PASSWORD is set, auth is enabled and the user
 * RINGSIGHT_NEO4J_USER (default neo4j) is (re)created with that password on every
 * start; otherwise auth is disabled. The password is passed by environment, never argv.
 * Prints "READY bolt://127.0.0.1:PORT" once the default database answers; SIGTERM
 * (or SIGINT) shuts the DBMS down cleanly.
 */
public final class Neo4jLauncher {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Neo4jLauncher HOME BOLT_PORT [PAGE_CACHE]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        long pageCache = ByteUnit.parse(args.length > 2 ? args[2] : "256m");
        String user = System.getenv().getOrDefault("RINGSIGHT_NEO4J_USER", "neo4j");
        String password = System.getenv("RINGSIGHT_NEO4J_PASSWORD");
        boolean auth = password != null && !password.isEmpty();
        Map<String, String> settings = new HashMap<>();
        for (int i = 3; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq < 1) {
                System.err.println("not a SETTING=VALUE: " + args[i]);
                System.exit(2);
            }
            settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                // Internal: no in-JVM loopback connector, and no 2x5 s Netty quiet period on stop.
                .setConfig(BoltConnectorInternalSettings.enable_local_connector, false)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(typed(settings))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("STOPPING");
            dbms.shutdown();
            System.out.println("STOPPED");
        }, "ringsight-neo4j-shutdown"));

        try {
            if (auth) {
                String name = "`" + user.replace("`", "``") + "`";
                dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                        "CREATE OR REPLACE USER " + name + " SET PASSWORD $pw CHANGE NOT REQUIRED",
                        Map.of("pw", password));
            }
            dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.out.println("FAILED " + e.getMessage());
            System.exit(1); // Bolt threads would otherwise keep a half-started JVM alive
        }
        System.out.println(auth ? "AUTH enabled for user " + user : "AUTH disabled (127.0.0.1 only)");
        System.out.println("READY bolt://127.0.0.1:" + port);
        Thread.currentThread().join();
    }

    /** SETTING=VALUE strings parsed and validated by Neo4j's own config (an unknown name fails). */
    private static Map<Setting<?>, Object> typed(Map<String, String> raw) {
        Config config = Config.newBuilder().setRaw(raw).build();
        Map<Setting<?>, Object> out = new HashMap<>();
        for (String name : raw.keySet()) {
            Setting<Object> setting = config.getDeclaredSettings().get(name);
            if (setting == null) throw new IllegalArgumentException("unknown Neo4j setting " + name);
            out.put(setting, config.get(setting));
        }
        return out;
    }
}

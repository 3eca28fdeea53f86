/*
 * A single-node OpenSearch 2.x for the test suite, started by scripts/testenv.py.
 *
 * Why not OpenSearchRunner's own main(): it refuses HTTP ports above 9299, and testenv.py picks
 * free ports anywhere. Here the runner is told to skip that check, and the settings a throwaway
 * test node needs (loopback only, single node, no disk watermarks) are set before it starts.
 *
 * Usage: java -cp 'CLASSES:LIB/*' TepianTestNode BASE_PATH HTTP_PORT TRANSPORT_PORT
 * The node runs until the JVM is stopped (SIGTERM or SIGINT close it cleanly).
 */

import org.codelibs.opensearch.runner.OpenSearchRunner;

public final class TepianTestNode {
    private TepianTestNode() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: TepianTestNode BASE_PATH HTTP_PORT TRANSPORT_PORT");
            System.exit(2);
        }
        final String basePath = args[0];
        final int httpPort = Integer.parseInt(args[1]);
        final int transportPort = Integer.parseInt(args[2]);

        final OpenSearchRunner runner = new OpenSearchRunner();
        runner.setMaxHttpPort(-1);
        runner.onBuild((index, settings) -> {
            settings.put("network.host", "127.0.0.1");
            settings.put("http.port", httpPort);
            settings.put("transport.port", transportPort);
            settings.put("discovery.type", "single-node");
            settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
            settings.put("action.destructive_requires_name", false);
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }));
        try {
            runner.build("-basePath", basePath, "-numOfNode", "1", "-clusterName", "tepian-test",
                    "-baseHttpPort", String.valueOf(httpPort - 1), "-printOnFailure");
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println("TepianTestNode: HTTP on 127.0.0.1:" + httpPort);
        while (!runner.isClosed()) {
            Thread.sleep(1000);
        }
    }
}

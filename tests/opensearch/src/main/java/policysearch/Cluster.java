package policysearch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.node.Node;

/**
 * A test cluster for policy-search's OpenSearch hand-off: N nodes (3 by default) of OpenSearch 2.19
 * in this one JVM, every port on 127.0.0.1 and free when chosen, data under a state folder that is
 * deleted on exit.
 *
 * <p>The state folder is the interface to cluster.sh:
 *
 * <ul>
 *   <li>{@code url}: the HTTP address of node 1, written once the cluster is green (the file
 *       appears atomically, so its presence means "ready");
 *   <li>{@code urls}: one HTTP address per node, in node order;
 *   <li>{@code control}: a command ("stop N" or "start N", N from 1) that the launcher picks up,
 *       carries out and answers in {@code control.done} ("ok …" or "error …"). The fault tests
 *       stop a node in the middle of a sync this way.
 * </ul>
 *
 * <p>The JVM stops cleanly (every node closed, the data deleted) on SIGTERM or SIGINT, and, with
 * {@code --stdin}, when its standard input closes (so a parent that dies takes the cluster along).
 */
public final class Cluster {
    private Cluster() {}

    public static void main(String[] args) throws Exception {
        Path state = null;
        int nodes = 3;
        boolean watchStdin = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--state" -> state = Path.of(args[++i]);
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--stdin" -> watchStdin = true;
                default -> {
                    System.err.println("usage: Cluster --state DIR [--nodes N] [--stdin]");
                    System.exit(2);
                }
            }
        }
        if (state == null) {
            System.err.println("usage: Cluster --state DIR [--nodes N] [--stdin]");
            System.exit(2);
        }
        Files.createDirectories(state);
        Path home = Files.createDirectories(state.resolve("home"));

        // Free ports, all chosen before the first node starts so that every node can name every
        // other in discovery.seed_hosts.
        int[] http = freePorts(nodes);
        int[] transport = freePorts(nodes);
        List<String> seeds = new ArrayList<>();
        for (int port : transport) {
            seeds.add("127.0.0.1:" + port);
        }
        final int count = nodes;

        OpenSearchRunner runner = new OpenSearchRunner();
        runner.onBuild((id, settings) -> {
            settings.put("network.host", "127.0.0.1");
            settings.put("http.port", http[id - 1]);
            settings.put("transport.port", transport[id - 1]);
            settings.putList("discovery.seed_hosts", seeds);
            // Node 1 bootstraps the cluster alone, so that it does not wait for a quorum of nodes
            // that have not started yet; the others join it and the voting configuration grows.
            settings.putList("cluster.initial_cluster_manager_nodes", "Node 1");
            // Tests on a shared machine: a nearly full disk must not make shards unassignable.
            settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
        });
        runner.build(OpenSearchRunner.newConfigs()
                .basePath(home.toString())
                .numOfNode(count)
                .clusterName("policy-search-test")
                .disableESLogger()
                .useLogger());
        runner.ensureGreen();

        StringBuilder urls = new StringBuilder();
        for (int port : http) {
            urls.append("http://127.0.0.1:").append(port).append('\n');
        }
        writeAtomically(state.resolve("urls"), urls.toString());
        writeAtomically(state.resolve("url"), "http://127.0.0.1:" + http[0] + "\n");
        System.out.println("OpenSearch " + org.opensearch.Version.CURRENT + " green: " + count
                + " nodes, http://127.0.0.1:" + http[0]);
        System.out.flush();

        Thread stop = new Thread(() -> shutdown(runner, home));
        Runtime.getRuntime().addShutdownHook(stop);
        if (watchStdin) {
            Thread stdin = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // Only the end of the input matters.
                    }
                } catch (IOException e) {
                    // A broken pipe is an end too.
                }
                System.exit(0);
            }, "stdin-watch");
            stdin.setDaemon(true);
            stdin.start();
        }

        Path control = state.resolve("control");
        while (true) {
            if (Files.exists(control)) {
                String command = Files.readString(control, StandardCharsets.UTF_8).trim();
                Files.delete(control);
                writeAtomically(state.resolve("control.done"), execute(runner, command) + "\n");
            }
            Thread.sleep(100);
        }
    }

    /** Carries out "stop N" or "start N"; the answer starts with "ok" or "error". */
    private static String execute(OpenSearchRunner runner, String command) {
        String[] words = command.split("\\s+");
        if (words.length != 2 || !(words[0].equals("stop") || words[0].equals("start"))) {
            return "error: unknown command '" + command + "' (stop N | start N)";
        }
        int index;
        try {
            index = Integer.parseInt(words[1]) - 1;
        } catch (NumberFormatException e) {
            return "error: not a node number: " + words[1];
        }
        Node node = runner.getNode(index);
        if (node == null) {
            return "error: no node " + words[1];
        }
        try {
            if (words[0].equals("stop")) {
                if (node.isClosed()) {
                    return "error: node " + words[1] + " is already stopped";
                }
                node.close();
                node.awaitClose(30, TimeUnit.SECONDS);
                return "ok: node " + words[1] + " stopped";
            }
            if (!node.isClosed()) {
                return "error: node " + words[1] + " is running";
            }
            return runner.startNode(index) ? "ok: node " + words[1] + " started"
                    : "error: node " + words[1] + " did not start";
        } catch (Exception e) {
            return "error: " + e;
        }
    }

    private static void shutdown(OpenSearchRunner runner, Path home) {
        try {
            runner.close();
        } catch (Exception e) {
            System.err.println("closing the cluster: " + e);
        }
        try {
            runner.clean();
        } catch (Exception e) {
            System.err.println("deleting " + home + ": " + e);
        }
    }

    private static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        return ports;
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

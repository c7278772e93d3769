package jobproxy.server.grpc;

import io.grpc.Context;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Where gRPC calls that may wait on the database run: gRPC's event loop runs every call itself ({@link GrpcServer}
 * uses the direct executor), and a read, a cancel or a registry lookup there would stall every other call on its
 * connections for as long as the database takes (hazard: a PostgreSQL failover holds a read for seconds).
 */
@Singleton
class BlockingCalls implements Executor {
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jobproxy-grpc-blocking");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code call} on the pool, in the caller's gRPC context (its deadline and cancellation). */
    @Override
    public void execute(Runnable call) {
        pool.execute(Context.current().wrap(call));
    }

    @PreDestroy
    void close() {
        pool.shutdown();
    }
}

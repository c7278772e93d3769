package jobproxy.server;

import io.micronaut.runtime.Micronaut;

/** Starts jobproxy with its embedded defaults: SQLite under ./data, embedded Artemis, gRPC :50051, HTTP :8080. */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).banner(false).mainClass(Application.class).start();
    }
}

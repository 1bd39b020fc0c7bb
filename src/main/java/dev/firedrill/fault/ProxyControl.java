package dev.firedrill.fault;

import dev.firedrill.Endpoint;
import dev.firedrill.stack.Stack;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;

import java.io.IOException;

/** The fault proxy's API (port 8474) of a stack; proxy names equal the services they front. */
final class ProxyControl {

    static final int API_PORT = 8474;

    private ProxyControl() {
    }

    static ToxiproxyClient client(Stack stack) {
        String proxyService = stack.definition().proxy()
                .orElseThrow(() -> new IllegalArgumentException("Stack of " + stack.definition().source() + " has no fault proxy"))
                .service();
        Endpoint api = stack.directEndpoint(proxyService, API_PORT);
        return new ToxiproxyClient(api.host(), api.port());
    }

    static Proxy proxy(Stack stack, String fault, String service) {
        try {
            return client(stack).getProxy(service);
        } catch (IOException e) {
            throw FaultException.of(fault, service, "find the proxy fronting it", e);
        }
    }

    /** Every proxy enabled and every toxic removed (Toxiproxy's {@code POST /reset}). */
    static void reset(Stack stack) {
        try {
            client(stack).reset();
        } catch (IOException e) {
            throw new FaultException("Could not reset the fault proxy of stack " + stack.runId() + ": " + e.getMessage(), e);
        }
    }

    /** Whether an API failure says the thing is already gone (undo after a reset). */
    static boolean notFound(IOException e) {
        return String.valueOf(e.getMessage()).contains("[404]") || e instanceof java.io.FileNotFoundException;
    }
}

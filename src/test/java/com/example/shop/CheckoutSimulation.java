package com.example.shop;

import io.gatling.javaapi.core.FeederBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.time.Duration;
import java.util.UUID;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * A shop's checkout, as its performance team writes it with Gatling's Java DSL, knowing nothing of Firedrill: each
 * customer (from a CSV feeder) places an order ({@code POST /entries} of the reference service, the order's id, the
 * customer's account and the basket's amount) and then looks up its status ({@code GET /entries/{id}}), checking that
 * the order is the customer's. Its own objectives are Gatling assertions: under 1 % failed requests, and placing an
 * order within {@code shop.orderP95Ms} (1000 ms) at the 95th percentile.
 *
 * <p>Its settings are system properties, as usual for a simulation: {@code shop.baseUrl}, {@code shop.usersPerSecond}
 * (5), {@code shop.durationSeconds} (600), {@code shop.orderP95Ms} (1000). On its own: {@code mvn test-compile
 * gatling:test -Dgatling.simulationClass=com.example.shop.CheckoutSimulation -Dshop.baseUrl=http://localhost:8080}.
 * In a drill ({@code drills/checkout-under-load.yml}, {@link CheckoutLoadDrill}) Firedrill sets {@code shop.baseUrl}
 * to the service under load, records every request, ends the run with the drill and judges the assertions.
 */
public class CheckoutSimulation extends Simulation {

    private final String baseUrl = System.getProperty("shop.baseUrl", "http://localhost:8080");
    private final double usersPerSecond = Double.parseDouble(System.getProperty("shop.usersPerSecond", "5"));
    private final Duration duration = Duration.ofSeconds(Long.parseLong(System.getProperty("shop.durationSeconds", "600")));
    private final int orderP95Ms = Integer.parseInt(System.getProperty("shop.orderP95Ms", "1000"));

    private final FeederBuilder<String> customers = csv("shop/customers.csv").circular();

    private final HttpProtocolBuilder shop = http.baseUrl(baseUrl)
            .acceptHeader("application/json")
            .contentTypeHeader("application/json");

    private final ScenarioBuilder checkout = scenario("checkout")
            .feed(customers)
            .exec(session -> session.set("orderId", "order-" + UUID.randomUUID()))
            .exec(http("place order").post("/entries")
                    .body(StringBody("{\"id\":\"#{orderId}\",\"account\":\"#{customer}\",\"amount\":#{basket}}"))
                    .check(status().is(201)))
            .exec(http("order status").get("/entries/#{orderId}")
                    .check(status().is(200), jsonPath("$.account").isEL("#{customer}")));

    {
        setUp(checkout.injectOpen(constantUsersPerSec(usersPerSecond).during(duration)))
                .protocols(shop)
                .assertions(
                        global().failedRequests().percent().lt(1.0),
                        details("place order").responseTime().percentile(95).lt(orderP95Ms));
    }
}

/**
 * The reference system under test: an HTTP/JSON service over PostgreSQL and Redis (HikariCP, pgjdbc, Jedis), in its
 * own image. Contract: {@code docs/reference-service.md}.
 *
 * <p>May depend on: HikariCP, pgjdbc, Jedis, Jackson; nothing else of Firedrill depends on it.
 */
package dev.firedrill.ledger;

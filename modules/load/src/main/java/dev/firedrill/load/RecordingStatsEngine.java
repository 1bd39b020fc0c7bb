package dev.firedrill.load;

import io.gatling.commons.stats.Status;
import io.gatling.core.actor.ActorRef;
import io.gatling.core.controller.Controller;
import io.gatling.core.session.GroupBlock;
import io.gatling.core.stats.StatsEngine;
import io.netty.channel.ChannelHandler;
import scala.Option;
import scala.collection.immutable.List;

import java.net.InetSocketAddress;

/**
 * Gatling's statistics engine with every request also reported to the drill ({@link LoadRun#response}): the one place
 * every request of any simulation passes through, with its name, start and end timestamps, OK or KO, status code and
 * error message, as Gatling writes it to {@code simulation.log}. Everything is passed on to Gatling's own engine
 * unchanged, so its log, report and assertions are what they would be without the drill.
 */
final class RecordingStatsEngine implements StatsEngine {

    private final StatsEngine gatling;
    private final LoadRun run;

    RecordingStatsEngine(StatsEngine gatling, LoadRun run) {
        this.gatling = gatling;
        this.run = run;
    }

    /** Called by Gatling's controller when it starts the run. */
    @Override
    public void start() {
        gatling.start();
        run.injectionStarted();
    }

    /** Called by Gatling's controller at the end of the run; from then on Gatling's log (and the drill) records nothing. */
    @Override
    public void stop(ActorRef<Controller.Command> controller, Option<Exception> exception) {
        run.statsStopped();
        gatling.stop(controller, exception);
    }

    @Override
    public void logUserStart(String scenario) {
        gatling.logUserStart(scenario);
    }

    @Override
    public void logUserEnd(String scenario) {
        gatling.logUserEnd(scenario);
    }

    @Override
    public void logResponse(String scenario, List<String> groups, String requestName, long startTimestamp, long endTimestamp,
            Status status, Option<String> responseCode, Option<String> message) {
        gatling.logResponse(scenario, groups, requestName, startTimestamp, endTimestamp, status, responseCode, message);
        boolean ok = "OK".equals(status.name());
        String detail = requestName + " " + (responseCode.isDefined() ? responseCode.get() : "no response")
                + (!ok && message.isDefined() ? ": " + message.get() : "");
        run.response(requestName, startTimestamp, endTimestamp, ok, detail);
    }

    @Override
    public void logGroupEnd(String scenario, GroupBlock groupBlock, long exitTimestamp) {
        gatling.logGroupEnd(scenario, groupBlock, exitTimestamp);
    }

    /** A request that could not even be built (e.g. a session attribute missing): a failure of that request, sent never. */
    @Override
    public void logRequestCrash(String scenario, List<String> groups, String requestName, String error) {
        gatling.logRequestCrash(scenario, groups, requestName, error);
        long now = run.clock().nowMillis();
        run.response(requestName, now, now, false, requestName + " crashed: " + error);
    }

    @Override
    public ChannelHandler statsChannelHandler(String name) {
        return gatling.statsChannelHandler(name);
    }

    @Override
    public void logTcpConnectAttempt(InetSocketAddress remote) {
        gatling.logTcpConnectAttempt(remote);
    }

    @Override
    public void logTcpConnect(String host, long start, long end, Option<String> error) {
        gatling.logTcpConnect(host, start, end, error);
    }

    @Override
    public void logTlsHandshake(String host, long start, long end, Option<String> error) {
        gatling.logTlsHandshake(host, start, end, error);
    }
}

package dev.firedrill.load;

import io.gatling.app.Runner;
import io.gatling.core.CoreComponents;
import io.gatling.core.actor.ActorSystem;
import io.gatling.core.cli.GatlingArgs;
import io.gatling.core.config.GatlingConfiguration;
import io.gatling.core.controller.Controller$Command$StopLoadGenerator;
import io.gatling.core.controller.inject.PopulationFlows;
import io.gatling.core.scenario.Population;
import io.gatling.core.scenario.SimulationParams;
import io.gatling.core.stats.StatsEngine;
import io.gatling.core.stats.writer.RunMessage;
import io.netty.channel.EventLoopGroup;
import scala.runtime.BoxedUnit;
import scala.util.Try;

/**
 * Gatling's own runner, with the drill's two hooks: its statistics engine also reports every request to the drill
 * ({@link RecordingStatsEngine}), and the drill can end the run ({@link LoadRun#stop}) the way a simulation's
 * {@code stopLoadGenerator} does, through the run's controller. Both are public, overridable methods of
 * {@link Runner} (Gatling 3.15.1), not a documented API: re-check them on every Gatling upgrade ({@code UserSimulationIT}, {@code GatlingLoadIT}).
 */
final class RecordingRunner extends Runner {

    private final LoadRun run;

    RecordingRunner(ActorSystem system, EventLoopGroup eventLoopGroup, GatlingArgs args, GatlingConfiguration configuration,
            LoadRun run) {
        super(system, eventLoopGroup, run.clock(), args, configuration);
        this.run = run;
    }

    @Override
    public StatsEngine newStatsEngine(SimulationParams params, RunMessage runMessage) {
        return new RecordingStatsEngine(super.newStatsEngine(params, runMessage), run);
    }

    @Override
    public Try<BoxedUnit> start(SimulationParams params, CoreComponents components, PopulationFlows<String, Population> flows) {
        var controller = components.controller();
        run.stoppedBy(() -> controller.$bang(new Controller$Command$StopLoadGenerator("the drill stopped the load", false)));
        return super.start(params, components, flows);
    }
}

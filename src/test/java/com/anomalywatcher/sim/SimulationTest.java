package com.anomalywatcher.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.anomaly.Difficulty;
import com.anomalywatcher.anomaly.AnomalySource;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.Reading;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SimulationTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final int DAY = 1440;

  @Test
  void sameSeedAndTimesGiveIdenticalReadingsIdsIncluded() {
    SimRun a = SimRun.of(12, 7, MINUTE, 0.02, false).steps(SimRun.START, MINUTE, DAY);
    SimRun b = SimRun.of(12, 7, MINUTE, 0.02, false).steps(SimRun.START, MINUTE, DAY);
    SimRun other = SimRun.of(12, 8, MINUTE, 0.02, false).steps(SimRun.START, MINUTE, 10);

    assertThat(a.readings).isEqualTo(b.readings);
    assertThat(a.episodes).isEqualTo(b.episodes);
    assertThat(other.readings.get(0).id()).isNotEqualTo(a.readings.get(0).id());
  }

  @Test
  void producesOneReadingPerSensorPerStepOfEveryKind() {
    SimRun run = SimRun.of(6, 7, MINUTE, 0.02, false).steps(SimRun.START, MINUTE, DAY);

    assertThat(run.readings).hasSize(6 * DAY);
    assertThat(run.readings.stream().map(Reading::id).distinct()).hasSize(6 * DAY);
    assertThat(run.readings).allSatisfy(r -> {
      assertThat(r.id().version()).isEqualTo(7);
      assertThat(r.id().getMostSignificantBits() >>> 16).isEqualTo(r.timestamp().toEpochMilli());
    });
    assertThat(run.readings.stream().map(r -> SensorKind.ofSensorId(r.sensorId())).distinct())
        .containsExactlyInAnyOrder(SensorKind.values());
    assertThat(run.readings).allSatisfy(r -> {
      SensorKind kind = SensorKind.ofSensorId(r.sensorId());
      assertThat(r.sensorId()).matches("^[a-z]+-(restaurant|supermarket|factory|warehouse)-[0-9a-f]{6}$");
      assertThat(r.category()).isEqualTo(kind.category().dbName());
      assertThat(r.type()).isEqualTo(kind.type());
      assertThat(r.unit()).isEqualTo(kind.unit());
    });
  }

  @Test
  void sensorStreamDoesNotDependOnFleetSize() {
    SimRun small = SimRun.of(6, 7, MINUTE, 0.05, false).steps(SimRun.START, MINUTE, DAY);
    SimRun large = SimRun.of(24, 7, MINUTE, 0.05, false).steps(SimRun.START, MINUTE, DAY);

    for (String id : small.bySensor.keySet()) {
      assertThat(large.bySensor.get(id)).isEqualTo(small.bySensor.get(id));
    }
  }

  @Test
  void everyValueIsInRangeOrInsideAnEpisode() {
    SimRun run = SimRun.of(12, 11, MINUTE, 0.1, false).steps(SimRun.START, MINUTE, 2 * DAY);

    assertThat(run.readings).allSatisfy(r -> {
      SensorKind kind = SensorKind.ofSensorId(r.sensorId());
      if (!run.isAnomalous(r)) {
        assertThat(r.value()).as("%s at %s", r.sensorId(), r.timestamp()).isBetween(kind.min(), kind.max());
      }
      if (kind.type() == com.anomalywatcher.model.SensorType.DIGITAL) {
        assertThat(r.value()).isIn(0.0, 1.0);
      }
    });
  }

  @Test
  void anomalousFractionMatchesRateAndEveryCategoryKindPairOccurs() {
    SimRun run = SimRun.of(12, 3, MINUTE, 0.02, false).steps(SimRun.START, MINUTE, 7 * DAY);

    long inside = run.readings.stream().filter(run::isAnomalous).count();
    double fraction = inside / (double) run.readings.size();
    assertThat(fraction).isBetween(0.015, 0.025);
    Set<String> pairs = run.episodes.stream().map(e -> e.category().dbName() + "/" + e.kind().dbName()).collect(Collectors.toSet());
    assertThat(pairs).hasSize(19);
    assertThat(run.episodes).allSatisfy(e -> assertThat(e.source()).isEqualTo(AnomalySource.RANDOM));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"0.01, 21", "0.05, 22", "0.1, 23", "0.5, 24", "1.0, 21"})
  void anomalousFractionStaysWithinAQuarterOfOtherRates(double rate, long seed) {
    SimRun run = SimRun.of(12, seed, MINUTE, rate, false).steps(SimRun.START, MINUTE, 7 * DAY);

    long inside = run.readings.stream().filter(run::isAnomalous).count();
    assertThat(inside / (double) run.readings.size()).as("seed %d", seed).isBetween(rate * 0.75, rate * 1.25);
  }

  @Test
  void episodesLastFiveToThirtyReadingsAndNeverOverlapOnASensor() {
    SimRun run = SimRun.of(12, 5, MINUTE, 0.2, false).steps(SimRun.START, MINUTE, 2 * DAY);

    assertThat(run.episodes).isNotEmpty().allSatisfy(e -> {
      long readings = Duration.between(e.start(), e.end()).toMinutes();
      assertThat(readings).isBetween(5L, 30L);
      assertThat(e.sensorId()).doesNotStartWith("fanswitch-");
    });
    Map<String, List<AnomalyEpisode>> bySensor = run.episodes.stream().collect(Collectors.groupingBy(AnomalyEpisode::sensorId));
    bySensor.values().forEach(list -> {
      for (int i = 1; i < list.size(); i++) {
        assertThat(list.get(i).start()).isAfterOrEqualTo(list.get(i - 1).end());
      }
    });
  }

  @Test
  void anomaliesChangeOnlyTheirOwnReadingsAndShowFromTheFirstOne() {
    // The normal process does not depend on the anomalies, so a run at rate 0 is the ground truth
    // of what each reading would have been.
    SimRun clean = SimRun.of(12, 13, MINUTE, 0.0, false).steps(SimRun.START, MINUTE, 3 * DAY);
    SimRun dirty = SimRun.of(12, 13, MINUTE, 0.05, false).steps(SimRun.START, MINUTE, 3 * DAY);

    for (int i = 0; i < clean.readings.size(); i++) {
      Reading normal = clean.readings.get(i);
      Reading actual = dirty.readings.get(i);
      AnomalyEpisode e = dirty.episodeOf(actual);
      if (e == null) {
        assertThat(actual).isEqualTo(normal);
      } else if (actual.timestamp().equals(e.start())) {
        assertThat(Math.abs(actual.value() - normal.value()))
            .as("first reading of %s on %s", e.kind(), e.sensorId()).isGreaterThanOrEqualTo(minimumOnset(e));
      }
    }
    // The clean world injects the original kinds only.
    assertThat(dirty.episodes.stream().map(AnomalyEpisode::kind).distinct())
        .hasSize((int) Arrays.stream(AnomalyKind.values()).filter(k -> !k.isRealisticOnly()).count());
  }

  private static double minimumOnset(AnomalyEpisode e) {
    return switch (e.kind()) {
      case SPIKE -> e.category() == Category.FAN ? 150 : 40;
      case DROP -> 10;
      case DRIFT -> 2;
      case OSCILLATION -> 10;
      case FLICKER, STUCK_OFF, STUCK_ON -> 1;
      case STALL -> 400;
      case VIBRATION -> 40;
      case OVERSPEED -> 150;
      case POLLUTION_SPIKE -> 50;
      case SENSOR_DRIFT -> 8;
      case CALIBRATION_ERROR -> 25;
      case DUST_STORM -> 100;
      case FROZEN, OFFLINE, ELEMENT_AGEING, BEARING_WEAR -> throw new AssertionError("not in the clean world: " + e.kind());
    };
  }

  @Test
  void episodesSettleBackBeforeTheyEndSoLeavingOneIsNoJump() {
    SimRun clean = SimRun.of(12, 19, MINUTE, 0.0, false).steps(SimRun.START, MINUTE, 3 * DAY);
    SimRun dirty = SimRun.of(12, 19, MINUTE, 0.05, false).steps(SimRun.START, MINUTE, 3 * DAY);
    Map<SensorKind, Double> settle = Map.of(SensorKind.OVEN_TEMPERATURE, 4.0, SensorKind.HEATER_TEMPERATURE, 1.5,
        SensorKind.FAN_SPEED, 150.0, SensorKind.PARTICULATE_MATTER, 3.0);

    for (int i = 0; i + 12 < dirty.readings.size(); i++) {
      Reading last = dirty.readings.get(i);
      AnomalyEpisode e = dirty.episodeOf(last);
      SensorKind kind = SensorKind.ofSensorId(last.sensorId());
      if (e != null && settle.containsKey(kind) && dirty.episodeOf(dirty.readings.get(i + 12)) == null) {
        double offset = Math.abs(last.value() - clean.readings.get(i).value());
        assertThat(offset).as("%s on %s at %s", e.kind(), e.sensorId(), last.timestamp()).isLessThanOrEqualTo(settle.get(kind) + 0.05);
      }
    }
  }

  @Test
  void analogValuesMoveGraduallyOutsideEpisodes() {
    SimRun run = SimRun.of(24, 17, MINUTE, 0.1, false).steps(SimRun.START, MINUTE, 3 * DAY);
    Map<SensorKind, Double> maxStep = new HashMap<>();

    run.bySensor.forEach((id, list) -> {
      for (int i = 1; i < list.size(); i++) {
        if (!run.isAnomalous(list.get(i))) { // includes the first reading after an episode
          maxStep.merge(SensorKind.ofSensorId(id), Math.abs(list.get(i).value() - list.get(i - 1).value()), Math::max);
        }
      }
    });

    // heat-up of an oven from ambient to 240 °C with a 12 min time constant: <= 19 °C in a minute
    assertThat(maxStep.get(SensorKind.OVEN_TEMPERATURE)).isLessThan(20);
    assertThat(maxStep.get(SensorKind.HEATER_TEMPERATURE)).isLessThan(3);
    assertThat(maxStep.get(SensorKind.PARTICULATE_MATTER)).isLessThan(5);
    // spin-up of a fan with a 1.5 min time constant: about half the nominal speed in the first minute
    assertThat(maxStep.get(SensorKind.FAN_SPEED)).isLessThan(400);
  }

  @Test
  void fanSpeedFollowsItsSwitchWithSpinUpAndCoastDown() {
    SimRun run = SimRun.of(6, 21, MINUTE, 0.0, false).steps(SimRun.START, MINUTE, 2 * DAY);
    List<Reading> fanSwitch = run.bySensor.entrySet().stream().filter(e -> e.getKey().startsWith("fanswitch-")).findFirst().orElseThrow().getValue();
    List<Reading> speed = run.bySensor.entrySet().stream().filter(e -> e.getKey().startsWith("fan-")).findFirst().orElseThrow().getValue();
    int switchOns = 0;

    for (int i = 1; i < fanSwitch.size(); i++) {
      boolean on = fanSwitch.get(i).value() == 1;
      if (on && fanSwitch.get(i - 1).value() == 0) {
        switchOns++;
        assertThat(speed.get(i - 1).value()).isZero();
        assertThat(speed.get(i + 1).value()).isBetween(100.0, 550.0); // spinning up, not there yet
        assertThat(speed.get(i + 10).value()).isGreaterThan(550);
      }
      if (!on && fanSwitch.get(i - 1).value() == 1) {
        assertThat(speed.get(i + 1).value()).isBetween(50.0, 550.0); // coasting down
        assertThat(speed.get(i + 30).value()).isZero();
      }
    }
    assertThat(switchOns).isEqualTo(2);
  }

  @Test
  void lampsToggleOnlyTwiceADay() {
    SimRun run = SimRun.of(12, 5, MINUTE, 0.0, false).steps(SimRun.START, MINUTE, 3 * DAY);

    run.bySensor.forEach((id, list) -> {
      if (id.startsWith("lamp-")) {
        int toggles = 0;
        for (int i = 1; i < list.size(); i++) {
          toggles += list.get(i).value() != list.get(i - 1).value() ? 1 : 0;
        }
        assertThat(toggles).isEqualTo(6);
      }
    });
  }

  @Test
  void restoredSimulationContinuesExactlyWhereItStopped() {
    SimRun whole = SimRun.of(12, 9, MINUTE, 0.0, false).steps(SimRun.START, MINUTE, 2 * DAY);
    SimRun first = SimRun.of(12, 9, MINUTE, 0.0, false).steps(SimRun.START, MINUTE, DAY);
    Map<String, SensorState> saved = first.simulation.states().stream().collect(Collectors.toMap(SensorState::sensorId, s -> s));

    Simulation restarted = new Simulation(Fleet.create(12, 9), new SimulationSettings(9, MINUTE, 0.0, false), saved);
    SimRun second = new SimRun(restarted).steps(SimRun.START.plus(MINUTE.multipliedBy(DAY)), MINUTE, DAY);

    assertThat(saved).hasSize(12);
    assertThat(second.readings).isEqualTo(whole.readings.subList(12 * DAY, 24 * DAY));
  }

  @Test
  void anomalyInProgressIsNotCarriedOverARestart() {
    SimRun dirty = SimRun.of(6, 9, MINUTE, 1.0, false).steps(SimRun.START, MINUTE, DAY);
    SimRun clean = SimRun.of(6, 9, MINUTE, 0.0, false).steps(SimRun.START, MINUTE, DAY + 60);
    Map<String, SensorState> saved = dirty.simulation.states().stream().collect(Collectors.toMap(SensorState::sensorId, s -> s));

    SimRun next = new SimRun(new Simulation(Fleet.create(6, 9), new SimulationSettings(9, MINUTE, 0.0, false), saved))
        .steps(SimRun.START.plus(MINUTE.multipliedBy(DAY)), MINUTE, 60);

    assertThat(next.episodes).isEmpty();
    assertThat(next.readings).isEqualTo(clean.readings.subList(6 * DAY, 6 * (DAY + 60)));
  }

  @Test
  void fleetSplitAcrossSimulationsGivesTheSameReadings() {
    List<SensorSpec> fleet = Fleet.create(12, 5);
    SimulationSettings settings = new SimulationSettings(5, MINUTE, 0.05, false);
    SimRun whole = new SimRun(new Simulation(fleet, settings, Map.of())).steps(SimRun.START, MINUTE, DAY);
    SimRun firstHalf = new SimRun(new Simulation(fleet.subList(0, 6), settings, Map.of())).steps(SimRun.START, MINUTE, DAY);
    SimRun secondHalf = new SimRun(new Simulation(fleet.subList(6, 12), settings, Map.of())).steps(SimRun.START, MINUTE, DAY);

    firstHalf.bySensor.forEach((id, list) -> assertThat(list).isEqualTo(whole.bySensor.get(id)));
    secondHalf.bySensor.forEach((id, list) -> assertThat(list).isEqualTo(whole.bySensor.get(id)));
    assertThat(firstHalf.episodes.size() + secondHalf.episodes.size()).isEqualTo(whole.episodes.size());
  }

  @Test
  void restoredSimulationContinuesSmoothlyAfterADowntime() {
    SimRun first = SimRun.of(6, 9, MINUTE, 0.0, false).steps(SimRun.START.plusSeconds(12 * 3600), MINUTE, 60);
    Map<String, SensorState> saved = first.simulation.states().stream().collect(Collectors.toMap(SensorState::sensorId, s -> s));
    Instant resume = SimRun.START.plusSeconds(12 * 3600 + 65 * 60);

    SimRun second = new SimRun(new Simulation(Fleet.create(6, 9), new SimulationSettings(9, MINUTE, 0.02, false), saved))
        .steps(resume, MINUTE, 5);

    for (Reading r : second.readings.subList(0, 6)) {
      double before = saved.get(r.sensorId()).value();
      assertThat(Math.abs(r.value() - before)).as(r.sensorId()).isLessThan(10);
    }
  }

  @Test
  void forcedEpisodeAppliesFromTheNextStepAndIsLabelled() {
    Simulation sim = new Simulation(Fleet.create(6, 4), new SimulationSettings(4, MINUTE, 0.0, false), Map.of());
    Instant noon = Instant.parse("2026-01-01T12:00:00Z");
    sim.step(noon);
    String fan = Fleet.create(6, 4).get(4).sensorId();

    sim.force(fan, AnomalyKind.STALL, noon.plusSeconds(30), Duration.ofMinutes(10));
    Tick tick = sim.step(noon.plusSeconds(60));
    Tick next = sim.step(noon.plusSeconds(120));
    List<AnomalyEpisode> cleared = sim.clearForced(noon.plusSeconds(150));
    Tick settling = sim.step(noon.plusSeconds(180));
    sim.step(noon.plusSeconds(240));
    Tick after = sim.step(noon.plusSeconds(300));

    AnomalyEpisode started = tick.startedEpisodes().get(0);
    assertThat(started.sensorId()).isEqualTo(fan);
    assertThat(started.source()).isEqualTo(AnomalySource.FORCED);
    assertThat(started.start()).isEqualTo(noon.plusSeconds(60));
    assertThat(started.end()).isEqualTo(noon.plusSeconds(660 + 120)); // 10 min and 2 readings to spin up again
    assertThat(tick.readings().get(4).value()).isLessThan(30);
    assertThat(next.readings().get(4).value()).isLessThan(30);
    // the fan spins back up inside the episode, which now ends after two settling readings
    assertThat(cleared).singleElement().satisfies(e -> assertThat(e.end()).isEqualTo(noon.plusSeconds(300)));
    assertThat(settling.readings().get(4).value()).isBetween(250.0, 550.0);
    assertThat(after.readings().get(4).value()).isGreaterThan(500);
    assertThat(after.startedEpisodes()).isEmpty();
  }

  @Test
  void forcedEpisodeCutsShortARandomOne() {
    Simulation sim = new Simulation(Fleet.create(6, 4), new SimulationSettings(4, MINUTE, 1.0, false), Map.of());
    Instant t = Instant.parse("2026-01-01T12:00:00Z");
    SimRun run = new SimRun(sim).steps(t, MINUTE, 200);
    AnomalyEpisode open = run.episodes.stream().filter(e -> e.sensorId().startsWith("pm-") && e.end().isAfter(t.plusSeconds(200 * 60)))
        .findFirst().orElseThrow();

    sim.force(open.sensorId(), AnomalyKind.DUST_STORM, t, Duration.ofMinutes(5));
    Tick tick = sim.step(t.plusSeconds(200 * 60));

    assertThat(tick.endedEarly()).singleElement().satisfies(e -> {
      assertThat(e.start()).isEqualTo(open.start());
      assertThat(e.end()).isEqualTo(t.plusSeconds(200 * 60));
    });
    assertThat(tick.startedEpisodes()).anySatisfy(e -> assertThat(e.kind()).isEqualTo(AnomalyKind.DUST_STORM));
  }

  @Test
  void rejectsAKindThatDoesNotApplyToTheSensor() {
    Simulation sim = new Simulation(Fleet.create(6, 4), new SimulationSettings(4, MINUTE, 0.0, false), Map.of());
    String lamp = Fleet.create(6, 4).get(2).sensorId();
    String fanSwitch = Fleet.create(6, 4).get(3).sensorId();

    assertThatThrownBy(() -> sim.force(lamp, AnomalyKind.STALL, Instant.EPOCH, MINUTE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stall").hasMessageContaining(lamp);
    assertThatThrownBy(() -> sim.force(fanSwitch, AnomalyKind.SPIKE, Instant.EPOCH, MINUTE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spike").hasMessageContaining(fanSwitch);
    assertThatThrownBy(() -> sim.force("oven-restaurant-000000", AnomalyKind.SPIKE, Instant.EPOCH, MINUTE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown sensor");
  }

  @Test
  void endOpenEpisodesCutsThemRightAfterTheLastReading() {
    Simulation sim = new Simulation(Fleet.create(6, 4), new SimulationSettings(4, MINUTE, 1.0, false), Map.of());
    Instant t = Instant.parse("2026-01-01T12:00:00Z");
    new SimRun(sim).steps(t, MINUTE, 100);
    Instant last = t.plusSeconds(99 * 60);

    List<AnomalyEpisode> ended = sim.endOpenEpisodes();

    assertThat(ended).allSatisfy(e -> assertThat(e.end()).isEqualTo(last.plus(MINUTE)));
    assertThat(sim.endOpenEpisodes()).isEmpty();
  }

  @Test
  void demoShowsEveryCategoryKindPairWithinSeventyTwoSteps() {
    Duration fiveSeconds = Duration.ofSeconds(5);
    SimRun run = SimRun.of(6, 1, fiveSeconds, 0.5, true).steps(Instant.parse("2026-01-01T03:00:00Z"), fiveSeconds, 72);

    Set<String> pairs = new HashSet<>();
    for (AnomalyEpisode e : run.episodes) {
      assertThat(e.source()).isEqualTo(AnomalySource.DEMO);
      pairs.add(e.category().dbName() + "/" + e.kind().dbName());
      List<Reading> list = run.bySensor.get(e.sensorId());
      Reading first = list.stream().filter(r -> r.timestamp().equals(e.start())).findFirst().orElseThrow();
      Reading before = list.get(list.indexOf(first) - 1);
      assertThat(first.value()).as("%s shows on %s", e.kind(), e.sensorId()).isNotEqualTo(before.value());
    }
    assertThat(pairs).hasSize(19);
  }

  @Test
  void realisticDemoShowsTheSameNineteenPairsAndNoOfflineFanSwitch() {
    Duration fiveSeconds = Duration.ofSeconds(5);
    SimulationSettings settings = SimulationSettings.realistic(1, fiveSeconds, 0.5, true, Difficulty.NORMAL, List.of());
    SimRun run = new SimRun(new Simulation(Fleet.create(6, 1), settings, Map.of()))
        .steps(Instant.parse("2026-01-01T03:00:00Z"), fiveSeconds, 72);

    Set<String> pairs = new HashSet<>();
    for (AnomalyEpisode e : run.episodes) {
      assertThat(e.source()).isEqualTo(AnomalySource.DEMO);
      pairs.add(e.category().dbName() + "/" + e.kind().dbName());
    }

    // A 5-reading offline episode (the fan switch's only realistic kind) is no longer than the
    // world's own dropouts: no detector could tell it, so the script leaves it out.
    assertThat(run.episodes).noneMatch(e -> e.sensorId().startsWith("fanswitch-"));
    assertThat(pairs).hasSize(19).doesNotContain("fan/offline");
  }

  @Test
  void demoLampSwitchesOnlyInsideOrAtTheEndOfAnEpisode() {
    Duration fiveSeconds = Duration.ofSeconds(5);
    SimRun run = SimRun.of(6, 1, fiveSeconds, 0.0, true).steps(Instant.parse("2026-01-01T03:00:00Z"), fiveSeconds, 4 * 64);
    List<Reading> lamp = run.bySensor.entrySet().stream().filter(e -> e.getKey().startsWith("lamp-")).findFirst().orElseThrow().getValue();

    for (int i = 1; i < lamp.size(); i++) {
      if (lamp.get(i).value() != lamp.get(i - 1).value()) {
        boolean explained = run.isAnomalous(lamp.get(i)) || run.isAnomalous(lamp.get(i - 1));
        assertThat(explained).as("switch at %s", lamp.get(i).timestamp()).isTrue();
      }
    }
    assertThat(run.episodes.stream().filter(e -> e.category() == Category.LAMP).map(AnomalyEpisode::kind))
        .containsOnly(AnomalyKind.FLICKER, AnomalyKind.STUCK_OFF, AnomalyKind.STUCK_ON).hasSize(12);
  }

  @Test
  void metadataIsAJsonObjectWithFirmwareBatteryAndSite() throws Exception {
    SimRun run = SimRun.of(6, 4, MINUTE, 0.0, false).steps(SimRun.START, MINUTE, 2);
    ObjectMapper json = new ObjectMapper();

    for (Reading r : run.readings) {
      JsonNode node = json.readTree(r.metadataJson());
      assertThat(node.get("firmware").asText()).matches("\\d+\\.\\d+\\.\\d+");
      assertThat(node.get("battery").asDouble()).isBetween(15.0, 100.0);
      assertThat(node.get("rssi").asInt()).isBetween(-90, -40);
      assertThat(node.get("uptime").asLong()).isNotNegative();
      assertThat(node.get("serial").asText()).matches("[A-Z0-9]+-[0-9A-F]{8}");
      assertThat(node.get("site").asInt()).isZero();
    }
  }

  @Test
  void rejectsStepsThatGoBackInTime() {
    Simulation sim = new Simulation(Fleet.create(6, 4), new SimulationSettings(4, MINUTE, 0.0, false), Map.of());
    sim.step(SimRun.START);

    assertThatThrownBy(() -> sim.step(SimRun.START)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after the previous step");
  }

  @Test
  void settingsRejectBadRateAndInterval() {
    assertThatThrownBy(() -> new SimulationSettings(1, Duration.ZERO, 0, false)).hasMessageContaining("interval must be > 0");
    assertThatThrownBy(() -> new SimulationSettings(1, MINUTE, 1.5, false)).hasMessageContaining("got 1.5");
  }
}

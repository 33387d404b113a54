package org.modulehost.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every JMH benchmark of this module, run once in smoke mode inside {@code ./mvnw verify}: no
 * warm-up, one 100 ms iteration, in this JVM, with every parameter combination. A benchmark's
 * {@code @Setup} checks what it relies on (its modules loaded, its cache hit, its server
 * answering), so a benchmark that would measure the wrong thing fails here instead of printing a
 * number. The benchmarks are read from JMH's generated list, so a new one is smoked without
 * being named here. Benchmarks that start a {@code redis-server} skip when none is installed.
 */
class BenchmarkSmokeTests {

	static Collection<String> benchmarkClasses() {
		return entries().stream().map(BenchmarkListEntry::getUserClassQName).collect(Collectors.toCollection(TreeSet::new));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("benchmarkClasses")
	void everyBenchmarkRunsOneShortIterationWithItsSetUpChecksPassing(String benchmarkClass) throws IOException {
		assumeTrue(!benchmarkClass.equals(InvalidationLatencyBenchmark.class.getName())
				|| InvalidationLatencyBenchmark.Redis.available(), "no redis-server installed");
		Path output = Path.of("target", "jmh-smoke", benchmarkClass.substring(benchmarkClass.lastIndexOf('.') + 1) + ".txt");
		Files.createDirectories(output.getParent());
		Options options = new OptionsBuilder().include("^" + Pattern.quote(benchmarkClass) + "\\.")
			.forks(0)
			.warmupIterations(0)
			.measurementIterations(1)
			.measurementTime(TimeValue.milliseconds(100))
			.shouldFailOnError(true)
			.verbosity(VerboseMode.NORMAL)
			.output(output.toString())
			.build();
		Collection<RunResult> results;
		try {
			results = new Runner(options).run();
		}
		catch (RunnerException ex) {
			throw new AssertionError(benchmarkClass + " failed; its output (" + output + "):\n" + Files.readString(output), ex);
		}
		Set<String> expected = entries().stream()
			.filter((entry) -> entry.getUserClassQName().equals(benchmarkClass))
			.map(BenchmarkListEntry::getUsername)
			.collect(Collectors.toCollection(TreeSet::new));
		Set<String> measured = results.stream()
			.map((result) -> result.getParams().getBenchmark())
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(measured).as("benchmarks with a result").isEqualTo(expected);
		for (RunResult result : results) {
			double score = result.getPrimaryResult().getScore();
			if (!(score > 0) || Double.isInfinite(score)) {
				fail(result.getParams().getBenchmark() + " " + result.getParams() + " scored " + score);
			}
		}
	}

	private static List<BenchmarkListEntry> entries() {
		return List.copyOf(BenchmarkList.defaultList()
			.getAll(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of()));
	}

}

/**
 * JMH benchmarks. Build the reactor ({@code mvn -q package -DskipTests -pl benchmarks -am}), then run
 * {@code java -jar benchmarks/target/benchmarks.jar <pattern>}. Results, the machine and the exact
 * commands are recorded in {@code docs/BENCHMARKS.md}.
 */
@NullMarked
package dev.slipway.benchmarks;

import org.jspecify.annotations.NullMarked;

package dev.slipway.isolate;

import java.time.Duration;

/**
 * Why the runtime stopped a call before it finished; each becomes a {@link
 * InvocationResult.FailureKind#SYSTEM} failure whose message names the limit.
 */
record Termination(String message) {

    static Termination userTime(Duration limit) {
        return new Termination("Function execution timed out (maximum duration: " + format(limit)
                + ", the user-code time limit of queries and mutations, RuntimeOptions.queryTimeLimit)");
    }

    static Termination actionTime(Duration limit) {
        return new Termination("Function execution timed out (maximum duration: " + format(limit)
                + ", the time limit of actions and HTTP actions, RuntimeOptions.actionTimeLimit)");
    }

    static Termination wallTime(Duration limit) {
        return new Termination("Function execution timed out (maximum duration: " + format(limit)
                + " of wall-clock time including syscalls and module imports, RuntimeOptions.actionTimeLimit)");
    }

    static Termination statements(long limit) {
        return new Termination("Function execution exceeded the statement limit (maximum: " + limit
                + " JavaScript statements in one run without yielding, RuntimeOptions.statementLimit)");
    }

    static Termination heapPressure(double pressure, long allocatedBytes) {
        return new Termination("JavaScript execution ran out of memory: the server's heap was over "
                + Math.round(pressure * 100) + "% full and this call had allocated " + (allocatedBytes >> 20)
                + " MiB, the most of any running call (RuntimeOptions.heapPressure)");
    }

    static Termination heapExhausted() {
        return new Termination("JavaScript execution ran out of memory (the server's Java heap is exhausted)");
    }

    static Termination shutdown() {
        return new Termination("The JavaScript runtime was shut down while the function ran");
    }

    InvocationResult.Failure failure() {
        return InvocationResult.Failure.system(message);
    }

    static String format(Duration d) {
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }
}

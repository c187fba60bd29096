package dev.slipway.application;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.slipway.database.QueryStream;
import dev.slipway.database.Transaction;
import dev.slipway.database.query.QueryPlanner;
import dev.slipway.database.query.SerializedQuery;
import dev.slipway.isolate.FunctionKind;
import dev.slipway.value.ConvexJson;
import dev.slipway.value.DocumentId;
import dev.slipway.value.Value;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The crons of {@code crons.js} (reference §5.9): registered in {@code _cron_jobs} at push time,
 * their next run times, and the record of their runs in {@code _cron_job_logs}.
 *
 * <p>A {@code _cron_jobs} document is {@code {name, functionName ("crons.js:tick"), args: [obj],
 * schedule: <the export's schedule>, nextTs: ms, prevTs?: ms, inProgress: bool}}. A push keeps the
 * documents of unchanged crons (and their next run), rewrites changed ones with a next run computed
 * from now, and deletes removed ones, in one system transaction.
 *
 * <p>Times. {@code cron} schedules are UNIX cron expressions in UTC, parsed by cron-utils; {@code
 * hourly}, {@code daily}, {@code weekly} and {@code monthly} become the equivalent expression. When
 * {@code minuteUTC} is omitted the minute is {@code floorMod(name.hashCode(), 60)}: deterministic per
 * cron name (Convex picks a random one), so restarts and pushes keep it. {@code interval} crons run
 * first one interval after they are registered (Convex runs them at once; Slipway does not fire every
 * interval cron on a push), then every interval on the same phase. After a run, the next one is the
 * first occurrence after the run ended: occurrences that came due while it ran are skipped (and logged
 * as such), and after downtime an overdue cron runs once, then returns to its schedule.
 */
final class CronJobs {
    static final String TABLE = "_cron_jobs";
    static final String LOG_TABLE = "_cron_job_logs";
    static final String BY_NEXT_TS = "by_next_ts";
    static final String BY_NAME = "by_name";

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final List<String> DAYS =
            List.of("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday");

    private CronJobs() {}

    /** One cron of {@code crons.js}. */
    record Spec(String name, FunctionPath function, Value.Obj args, Value.Obj schedule) {
        Value.Obj identity() {
            Map<String, Value> fields = new LinkedHashMap<>();
            fields.put("functionName", new Value.Str(ScheduledJobs.storedName(function)));
            fields.put("args", new Value.Array(List.of(args)));
            fields.put("schedule", schedule);
            return Value.Obj.of(fields);
        }
    }

    /**
     * Parses the JSON of {@code crons.js}'s export and checks each cron (target, schedule).
     *
     * @throws ApplicationException ({@link ApplicationException#INVALID_MODULES}) naming the cron
     */
    static List<Spec> parse(String json, Map<FunctionPath, FunctionSpec> functions) {
        if (!(ConvexJson.decode(json) instanceof Value.Obj all)) {
            throw invalid("crons.js: the export is not an object");
        }
        return all.fields().entrySet().stream()
                .map(e -> spec(e.getKey(), e.getValue(), functions))
                .toList();
    }

    private static Spec spec(String name, Value value, Map<FunctionPath, FunctionSpec> functions) {
        if (!(value instanceof Value.Obj cron)
                || !(cron.fields().get("name") instanceof Value.Str(String fn))
                || !(cron.fields().get("schedule") instanceof Value.Obj schedule)) {
            throw invalid("crons.js: cron \"" + name + "\" needs a function name and a schedule");
        }
        FunctionPath path = FunctionPath.parse(fn);
        FunctionSpec target = functions.get(path);
        if (target == null || (target.kind() != FunctionKind.MUTATION && target.kind() != FunctionKind.ACTION)) {
            throw invalid("crons.js: cron \"" + name + "\" runs " + path + ", which is not a mutation or action");
        }
        Value.Obj args = cron.fields().get("args") instanceof Value.Array(List<Value> list)
                        && list.size() == 1
                        && list.getFirst() instanceof Value.Obj a
                ? a
                : Value.Obj.of(Map.of());
        Spec spec = new Spec(name, path, args, schedule);
        try {
            next(spec, Optional.empty(), 0);
        } catch (RuntimeException e) {
            throw invalid(
                    "crons.js: cron \"" + name + "\" has an invalid schedule " + schedule + ": " + e.getMessage());
        }
        return spec;
    }

    /** Brings {@code _cron_jobs} in line with {@code specs} in a system transaction. */
    static void register(Transaction tx, List<Spec> specs, long nowMillis) {
        Map<String, Value.Obj> existing = new HashMap<>();
        all(tx).forEachRemaining(doc -> existing.put(str(doc, "name"), doc));
        for (Spec spec : specs) {
            Value.Obj old = existing.remove(spec.name());
            if (old != null && sameIdentity(old, spec)) {
                continue;
            }
            if (old != null) {
                tx.delete(ScheduledJobs.id(old));
            }
            Map<String, Value> doc = new LinkedHashMap<>(spec.identity().fields());
            doc.put("name", new Value.Str(spec.name()));
            doc.put("nextTs", new Value.Float64(next(spec, Optional.empty(), nowMillis)));
            doc.put("inProgress", new Value.Bool(false));
            tx.insert(TABLE, Value.Obj.of(doc));
        }
        for (Value.Obj removed : existing.values()) {
            tx.delete(ScheduledJobs.id(removed));
        }
    }

    private static boolean sameIdentity(Value.Obj doc, Spec spec) {
        return spec.identity().fields().entrySet().stream()
                .allMatch(e -> e.getValue().equals(doc.fields().get(e.getKey())));
    }

    /** The spec stored in a {@code _cron_jobs} document. */
    static Spec spec(Value.Obj doc) {
        Value.Obj args = doc.fields().get("args") instanceof Value.Array(List<Value> list)
                        && list.getFirst() instanceof Value.Obj a
                ? a
                : Value.Obj.of(Map.of());
        return new Spec(str(doc, "name"), FunctionPath.parse(str(doc, "functionName")), args, (Value.Obj)
                java.util.Objects.requireNonNull(doc.fields().get("schedule")));
    }

    /**
     * The next run of {@code spec} strictly after {@code afterMillis}: for an interval, on the phase of
     * {@code previous} (the last scheduled run), or one interval from {@code afterMillis} without one.
     */
    static double next(Spec spec, Optional<Double> previous, long afterMillis) {
        Value.Obj schedule = spec.schedule();
        String type = str(schedule, "type");
        if (type.equals("interval")) {
            long period = intervalMillis(schedule);
            if (previous.isEmpty()) {
                return (double) afterMillis + period;
            }
            double prev = previous.get();
            long periods = Math.max(1, (long) Math.floor((afterMillis - prev) / period) + 1);
            return prev + periods * (double) period;
        }
        ExecutionTime time = ExecutionTime.forCron(cron(spec.name(), schedule));
        ZonedDateTime after = ZonedDateTime.ofInstant(Instant.ofEpochMilli(afterMillis), ZoneOffset.UTC);
        return time.nextExecution(after)
                .map(t -> (double) t.toInstant().toEpochMilli())
                .orElseThrow(() -> new IllegalArgumentException("the schedule never runs"));
    }

    private static long intervalMillis(Value.Obj schedule) {
        for (Map.Entry<String, Long> unit :
                List.of(Map.entry("seconds", 1_000L), Map.entry("minutes", 60_000L), Map.entry("hours", 3_600_000L))) {
            if (schedule.fields().get(unit.getKey()) instanceof Value.Float64(double n)) {
                if (!(n > 0)) {
                    throw new IllegalArgumentException("an interval must be positive, got " + n);
                }
                return Math.max(1, Math.round(n * unit.getValue()));
            }
        }
        throw new IllegalArgumentException("an interval needs seconds, minutes or hours");
    }

    private static Cron cron(String name, Value.Obj schedule) {
        String type = str(schedule, "type");
        String minute = schedule.fields().get("minuteUTC") instanceof Value.Float64(double m)
                ? Integer.toString((int) m)
                : Integer.toString(Math.floorMod(name.hashCode(), 60));
        String expression = switch (type) {
            case "cron" -> str(schedule, "cron");
            case "hourly" -> minute + " * * * *";
            case "daily" -> minute + " " + number(schedule, "hourUTC") + " * * *";
            case "weekly" ->
                minute + " " + number(schedule, "hourUTC") + " * * " + dayOfWeek(str(schedule, "dayOfWeek"));
            case "monthly" -> minute + " " + number(schedule, "hourUTC") + " " + number(schedule, "day") + " * *";
            default -> throw new IllegalArgumentException("unknown schedule type \"" + type + "\"");
        };
        Cron cron = PARSER.parse(expression);
        cron.validate();
        return cron;
    }

    private static int dayOfWeek(String day) {
        int index = DAYS.indexOf(day.toLowerCase(Locale.ROOT));
        if (index < 0) {
            throw new IllegalArgumentException("unknown dayOfWeek \"" + day + "\"");
        }
        return index;
    }

    private static String number(Value.Obj obj, String field) {
        if (obj.fields().get(field) instanceof Value.Float64(double n)) {
            return Integer.toString((int) n);
        }
        throw new IllegalArgumentException("missing number " + field);
    }

    static String str(Value.Obj obj, String field) {
        if (obj.fields().get(field) instanceof Value.Str(String s)) {
            return s;
        }
        throw new IllegalArgumentException("missing string " + field);
    }

    static double nextTs(Value.Obj cron) {
        return cron.fields().get("nextTs") instanceof Value.Float64(double ms) ? ms : 0;
    }

    static boolean inProgress(Value.Obj cron) {
        return cron.fields().get("inProgress") instanceof Value.Bool(boolean b) && b;
    }

    /** Every cron, by next run. */
    static QueryStream all(Transaction tx) {
        String query = "{\"source\":{\"type\":\"IndexRange\",\"indexName\":\"" + TABLE + "." + BY_NEXT_TS
                + "\",\"order\":\"asc\",\"range\":[]},\"operators\":[]}";
        return tx.query(QueryPlanner.plan(SerializedQuery.parse(query), tx.catalog()));
    }

    /** Records a run in {@code _cron_job_logs}. */
    static void log(Transaction tx, Spec spec, double scheduledMs, Value.Obj status, long nowMillis) {
        Map<String, Value> doc = new LinkedHashMap<>();
        doc.put("name", new Value.Str(spec.name()));
        doc.put("functionName", new Value.Str(ScheduledJobs.storedName(spec.function())));
        doc.put("ts", new Value.Float64(scheduledMs));
        doc.put("status", status);
        doc.put("completedTime", new Value.Float64(nowMillis));
        tx.insertIntoSystemTable(LOG_TABLE, Value.Obj.of(doc));
    }

    static Value.Obj skipped(long occurrences) {
        return Value.Obj.of(Map.of("kind", new Value.Str("skipped"), "occurrences", new Value.Float64(occurrences)));
    }

    /** How many occurrences of {@code spec} lie in {@code (scheduledMs, endMillis]}, capped at 1000. */
    static long occurrencesBetween(Spec spec, double scheduledMs, long endMillis) {
        long count = 0;
        double at = next(spec, Optional.of(scheduledMs), (long) scheduledMs);
        while (at <= endMillis && count < 1000) {
            count++;
            at = next(spec, Optional.of(at), (long) at);
        }
        return count;
    }

    static DocumentId id(Value.Obj doc) {
        return ScheduledJobs.id(doc);
    }

    private static ApplicationException invalid(String message) {
        return new ApplicationException(ApplicationException.INVALID_MODULES, "Invalid code push: " + message);
    }
}
